export { DoraAdoptionPage } from './DoraAdoptionPage';
export { DoraAdoptionContent } from './DoraAdoptionContent';
export type { DoraAdoptionPageProps } from './DoraAdoptionContent';
