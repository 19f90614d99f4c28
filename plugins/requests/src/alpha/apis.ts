import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { RequestsClient, requestsApiRef } from '../api';

/** Provides {@link RequestsClient} as the `requestsApiRef` implementation. */
export const requestsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: requestsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new RequestsClient({ discoveryApi, fetchApi }),
    }),
});
