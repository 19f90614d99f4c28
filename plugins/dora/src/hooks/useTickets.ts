import { useApi } from '@backstage/core-plugin-api';
import { TicketsResponse } from '@goldpath/plugin-dora-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { doraApiRef, GetTicketsOptions } from '../api';

/**
 * The state of {@link useTickets}.
 *
 * @public
 */
export interface TicketsState {
  value?: TicketsResponse;
  loading: boolean;
  error?: Error;
  /** Fetches the ticket figures again. */
  retry: () => void;
}

/**
 * Loads the platform-ticket figures through the {@link DoraApi}.
 *
 * @public
 */
export function useTickets(options: GetTicketsOptions = {}): TicketsState {
  const doraApi = useApi(doraApiRef);
  const { window, asOf, groupBy, category, team, timeZone } = options;
  const { value, loading, error, retry } = useAsyncRetry(
    () =>
      doraApi.getTickets({ window, asOf, groupBy, category, team, timeZone }),
    [doraApi, window, asOf, groupBy, category, team, timeZone],
  );
  return { value, loading, error, retry };
}
