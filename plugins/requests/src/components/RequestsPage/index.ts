export { RequestsPage } from './RequestsPage';
export { RequestsContent } from './RequestsContent';
