import { coreExtensionData } from '@backstage/frontend-plugin-api';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { EntityListPagination } from '@backstage/plugin-catalog-react';

/**
 * `page:catalog` with a policy-status column. In Backstage 1.55 the
 * catalog page has no column input (plugin-catalog 2.0.9), so this
 * overrides the page: the override's `loader` is merged over the page's own
 * params (path, route ref, title and icon stay), and renders the same
 * filters (the page's `filters` input) with the table plus "Policy".
 */
export const catalogPageWithPolicyColumn = catalogPlugin
  .getExtension('page:catalog')
  .override({
    factory(originalFactory, { inputs, config }) {
      return originalFactory({
        params: {
          loader: async () => {
            const { PolicyCatalogPage } = await import(
              '../components/PolicyCatalogPage'
            );
            const filters = inputs.filters.map(filter =>
              filter.get(coreExtensionData.reactElement),
            );
            return (
              <PolicyCatalogPage
                filters={<>{filters}</>}
                pagination={config.pagination as EntityListPagination}
              />
            );
          },
        },
      });
    },
  });
