import { Entity } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { EntityTimelineResponse } from '@goldpath/plugin-dora-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { doraApiRef, GetTimelineOptions } from '../api';
import { toEntityRef } from '../lib/entityRef';

/**
 * The state of {@link useEntityTimeline}.
 *
 * @public
 */
export interface EntityTimelineState {
  value?: EntityTimelineResponse;
  loading: boolean;
  error?: Error;
  /** Fetches the timeline again. */
  retry: () => void;
}

/**
 * Loads the deployments, incidents and lead times of a service (an entity
 * or entity ref) over a window through the {@link DoraApi}.
 *
 * @public
 */
export function useEntityTimeline(
  entityOrRef: Entity | string,
  options: GetTimelineOptions = {},
): EntityTimelineState {
  const doraApi = useApi(doraApiRef);
  const entityRef = toEntityRef(entityOrRef);
  const { window, asOf } = options;
  const { value, loading, error, retry } = useAsyncRetry(
    () => doraApi.getTimeline(entityRef, { window, asOf }),
    [doraApi, entityRef, window, asOf],
  );
  return { value, loading, error, retry };
}
