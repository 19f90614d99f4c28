import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { catalogPageWithPolicyColumn } from './alpha/catalogPage';
import {
  entityContractCard,
  entityTemplateAttributionCard,
} from './alpha/entityCards';
import { policyStatusCatalogFilter } from './alpha/filters';

/**
 * Goldpath's additions to the catalog for the new frontend system, a module
 * of the `catalog` plugin: the contract card
 * (`entity-card:catalog/goldpath-contract`, `content`), the template
 * attribution card (`entity-card:catalog/goldpath-template`, `info`) and the
 * policy-status filter of the catalog index
 * (`catalog-filter:catalog/policy-status`).
 *
 * @alpha
 */
export default createFrontendModule({
  pluginId: 'catalog',
  extensions: [
    entityContractCard,
    entityTemplateAttributionCard,
    policyStatusCatalogFilter,
  ],
});

/**
 * An opt-in module of the `catalog` plugin that overrides `page:catalog`
 * to add a policy-status column to the catalog table. Install it next to
 * the default export (it is not discovered by itself):
 * `createApp({ features: [catalogPolicyColumnModule] })`.
 *
 * @alpha
 */
export const catalogPolicyColumnModule = createFrontendModule({
  pluginId: 'catalog',
  extensions: [catalogPageWithPolicyColumn],
});
