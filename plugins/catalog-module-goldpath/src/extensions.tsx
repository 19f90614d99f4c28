import { createComponentExtension } from '@backstage/core-plugin-api';
import { goldpathCatalogPlugin } from './plugin';
import type { EntityContractCardProps } from './components/EntityContractCard';
import type { EntityTemplateAttributionCardProps } from './components/EntityTemplateAttributionCard';

/**
 * The contract card of an entity (legacy frontend system): on a building
 * block its contract and consumers, on a consumer the blocks it was built
 * against with the compatibility warnings. Show it with
 * `EntitySwitch.Case if={isContractAvailable}`.
 *
 * @public
 */
export const EntityContractCard: (
  props: EntityContractCardProps,
) => JSX.Element = goldpathCatalogPlugin.provide(
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
export const EntityTemplateAttributionCard: (
  props: EntityTemplateAttributionCardProps,
) => JSX.Element = goldpathCatalogPlugin.provide(
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
