import { Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import {
  entityRouteParams,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { ReactNode } from 'react';
import { formatShortRef } from '../../lib/format';

/**
 * The entity page route, or `undefined` when the app has none (no catalog
 * entity page installed). `useRouteRef` calls all its hooks before it
 * throws, so catching keeps the hook order stable.
 */
function useEntityRoute() {
  try {
    return useRouteRef(entityRouteRef);
  } catch {
    return undefined;
  }
}

/**
 * A link to the catalog page of an entity, through the catalog's
 * `entityRouteRef`; plain text when the app cannot resolve it.
 */
export function EntityLink(props: { entityRef: string; children?: ReactNode }) {
  const { entityRef, children } = props;
  const route = useEntityRoute();
  const label = children ?? formatShortRef(entityRef);
  let href: string | undefined;
  try {
    href = route?.(entityRouteParams(entityRef, { encodeParams: true }));
  } catch {
    // Not an entity ref (e.g. the `none` group): no link.
    href = undefined;
  }
  return href ? <Link to={href}>{label}</Link> : <span>{label}</span>;
}
