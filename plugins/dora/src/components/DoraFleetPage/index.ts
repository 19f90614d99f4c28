export { DoraFleetPage } from './DoraFleetPage';
export { DoraFleetContent } from './DoraFleetContent';
export type { DoraFleetPageProps } from './DoraFleetContent';
