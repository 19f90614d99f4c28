import { Entity } from '@backstage/catalog-model';
import {
  catalogApiRef,
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { ReactElement } from 'react';
import { catalogEntities } from './entities';

/**
 * Renders an element on the page of `entity` in a legacy test app, with an
 * in-memory catalog of the fixtures (or the catalog api given) and the
 * catalog's entity route.
 */
export function renderOnEntityPage(
  element: ReactElement,
  options: { entity: Entity; catalogApi?: typeof catalogApiRef.T },
) {
  const catalogApi =
    options.catalogApi ?? catalogApiMock({ entities: catalogEntities });
  return renderInTestApp(
    <TestApiProvider apis={[[catalogApiRef, catalogApi]]}>
      <EntityProvider entity={options.entity}>{element}</EntityProvider>
    </TestApiProvider>,
    {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}
