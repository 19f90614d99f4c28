export { PolicyOverviewPage } from './PolicyOverviewPage';
export { PolicyOverviewContent } from './PolicyOverviewContent';
export type { PolicyOverviewPageProps } from './PolicyOverviewContent';
