export { DoraTicketsPage } from './DoraTicketsPage';
export { DoraTicketsContent } from './DoraTicketsContent';
export type { DoraTicketsPageProps } from './DoraTicketsContent';
