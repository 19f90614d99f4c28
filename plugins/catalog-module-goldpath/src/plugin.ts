import { createPlugin } from '@backstage/core-plugin-api';

/**
 * The small legacy-system plugin that provides Goldpath's catalog cards
 * ({@link EntityContractCard}, {@link EntityTemplateAttributionCard}). It
 * has no API or route of its own: the cards read the catalog.
 *
 * @public
 */
export const goldpathCatalogPlugin = createPlugin({
  id: 'goldpath-catalog',
});
