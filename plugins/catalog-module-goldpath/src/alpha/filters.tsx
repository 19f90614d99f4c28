import { CatalogFilterBlueprint } from '@backstage/plugin-catalog-react/alpha';

/**
 * The policy-status filter of the catalog index,
 * `catalog-filter:catalog/policy-status`, attached to the `filters` input
 * of `page:catalog`.
 */
export const policyStatusCatalogFilter = CatalogFilterBlueprint.make({
  name: 'policy-status',
  params: {
    loader: () =>
      import('../components/PolicyStatusPicker').then(m => (
        <m.PolicyStatusPicker />
      )),
  },
});
