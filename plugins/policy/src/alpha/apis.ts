import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { PolicyClient, policyApiRef } from '../api';

/** Provides {@link PolicyClient} as the `policyApiRef` implementation. */
export const policyApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: policyApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new PolicyClient({ discoveryApi, fetchApi }),
    }),
});
