import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { DefaultPolicyService, PolicyService } from './PolicyService';

/**
 * The policy service: a client of the policy backend for other backend
 * plugins. Its default implementation calls the policy backend over HTTP
 * (found through discovery) with the calling plugin's own credentials.
 *
 * @public
 */
export const policyServiceRef = createServiceRef<PolicyService>({
  id: 'goldpath.policy',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        discovery: coreServices.discovery,
        auth: coreServices.auth,
      },
      factory({ discovery, auth }) {
        return DefaultPolicyService.create({ discovery, auth });
      },
    }),
});
