import { useApi } from '@backstage/core-plugin-api';
import { AdoptionResponse } from '@goldpath/plugin-dora-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { doraApiRef, GetAdoptionOptions } from '../api';

/**
 * The state of {@link useAdoption}.
 *
 * @public
 */
export interface AdoptionState {
  value?: AdoptionResponse;
  loading: boolean;
  error?: Error;
  /** Fetches the adoption figures again. */
  retry: () => void;
}

/**
 * Loads the golden-path adoption figures through the {@link DoraApi}.
 *
 * @public
 */
export function useAdoption(options: GetAdoptionOptions = {}): AdoptionState {
  const doraApi = useApi(doraApiRef);
  const { months, asOf } = options;
  const { value, loading, error, retry } = useAsyncRetry(
    () => doraApi.getAdoption({ months, asOf }),
    [doraApi, months, asOf],
  );
  return { value, loading, error, retry };
}
