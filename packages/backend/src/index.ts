/*
 * The Goldpath example backend: Backstage's catalog, scaffolder, events,
 * permissions and auth, with every Goldpath backend plugin installed the
 * way a platform team installs them in its own backend.
 */

import { createBackend } from '@backstage/backend-defaults';
import {
  localFileLocationsModule,
  localPublishModule,
} from './demo/localPublish';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// Auth: guest sign-in for local use.
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

// Catalog
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
// Goldpath's catalog processors: contracts, compatibility, template
// attribution and policy status.
backend.add(import('@goldpath/plugin-catalog-backend-module-goldpath'));

// Scaffolder
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
// Goldpath's actions: goldpath:attribution:write, goldpath:event:emit,
// goldpath:contract:validate, goldpath:request:create.
backend.add(import('@goldpath/plugin-scaffolder-backend-module-goldpath'));

// Events bus. The GitHub and GitLab modules receive webhooks at
// /api/events/http/{github,gitlab} when events.modules.*.webhookSecret is
// set; Goldpath takes them from the bus with no endpoint of its own.
backend.add(import('@backstage/plugin-events-backend'));
backend.add(import('@backstage/plugin-events-backend-module-github'));
backend.add(import('@backstage/plugin-events-backend-module-gitlab'));

// Permissions (allow-all for the example; bring your own policy)
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@backstage/plugin-permission-backend-module-allow-all-policy'),
);

// User settings, with live updates through signals
backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-signals-backend'));
// Notifications: Goldpath tells owners when a template they were created
// from has a new version.
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-mcp-actions-backend'));

// Goldpath
backend.add(import('@goldpath/plugin-dora-backend'));
backend.add(import('@goldpath/plugin-dora-backend-module-demo-data'));
backend.add(import('@goldpath/plugin-policy-backend'));
backend.add(import('@goldpath/plugin-policy-backend-module-demo-data'));
// Self-service requests with approval (`requests.request.approve`), fulfilment
// and notifications; goldpath:request:create creates them from templates.
backend.add(import('@goldpath/plugin-requests-backend'));

// Example only: an entity whose contract turns invalid, to show the error.
backend.add(import('./demo/contractErrorDemo'));
// Example only: offline publishing for the golden-path templates
// (example:publish:local, example:catalog:register-file, and the catalog
// accepting file locations). Use publish:github and catalog:register instead.
backend.add(localPublishModule);
backend.add(localFileLocationsModule);

backend.start();
