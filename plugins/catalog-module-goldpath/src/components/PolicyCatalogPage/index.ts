export { PolicyCatalogPage, policyColumns } from './PolicyCatalogPage';
export type { PolicyCatalogPageProps } from './PolicyCatalogPage';
