import { discoveryApiRef, useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';

/** What the empty state shows until (or unless) the backend URL is known. */
export const PLACEHOLDER_REPORTS_URL = '<backend>/api/policy/reports';

/**
 * The URL reports are posted to (`{policy backend}/reports`), for the
 * instructions of the empty state; a placeholder while (or if) discovery
 * cannot tell.
 */
export function usePolicyReportsUrl(): string {
  const discoveryApi = useApi(discoveryApiRef);
  const { value } = useAsync(async () => {
    try {
      return `${await discoveryApi.getBaseUrl('policy')}/reports`;
    } catch {
      return undefined;
    }
  }, [discoveryApi]);
  return value ?? PLACEHOLDER_REPORTS_URL;
}
