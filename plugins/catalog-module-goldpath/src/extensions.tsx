import { createComponentExtension } from '@backstage/core-plugin-api';
import { goldpathCatalogPlugin } from './plugin';

/**
 * The contract card of an entity (legacy frontend system): on a building
 * block its contract and consumers, on a consumer the blocks it was built
 * against with the compatibility warnings. Show it with
 * `EntitySwitch.Case if={isContractAvailable}`.
 *
 * @public
 */
export const EntityContractCard = goldpathCatalogPlugin.provide(
  createComponentExtension({
    name: 'EntityContractCard',
    component: {
      lazy: () =>
        import('./components/EntityContractCard').then(
          m => m.EntityContractCard,
        ),
    },
  }),
);

/**
 * The template attribution card of an entity (legacy frontend system):
 * which template, which version and when; on a template, the entities it
 * created. Show it with `EntitySwitch.Case if={isTemplateAttributionAvailable}`.
 *
 * @public
 */
export const EntityTemplateAttributionCard = goldpathCatalogPlugin.provide(
  createComponentExtension({
    name: 'EntityTemplateAttributionCard',
    component: {
      lazy: () =>
        import('./components/EntityTemplateAttributionCard').then(
          m => m.EntityTemplateAttributionCard,
        ),
    },
  }),
);
