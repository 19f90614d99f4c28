import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { DefaultRequestsService, RequestsService } from './RequestsService';

/**
 * The requests service: a client of the requests backend for other backend
 * plugins and modules. Its default implementation calls the requests backend
 * over HTTP (found through discovery).
 *
 * @public
 */
export const requestsServiceRef = createServiceRef<RequestsService>({
  id: 'goldpath.requests',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        discovery: coreServices.discovery,
        auth: coreServices.auth,
      },
      factory({ discovery, auth }) {
        return DefaultRequestsService.create({ discovery, auth });
      },
    }),
});
