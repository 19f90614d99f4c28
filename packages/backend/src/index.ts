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
import { demoSignInModule } from './demo/demoSignIn';
import { requestsDemoModule } from './demo/requestsDemo';
import { examplePermissionPolicyModule } from './permissionPolicy';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// Auth: guest sign-in for local use.
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
// Example only, development only: sign in as a named demo user (a requester,
// an approver) picked by a cookie; see ./demo/demoSignIn.ts.
backend.add(demoSignInModule);

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

// Permissions, with the example's policy (./permissionPolicy.ts): owners of
// a request's target approve it, the platform team reads the audit trail,
// everything else is allowed. Bring your own policy.
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(examplePermissionPolicyModule);

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
// The audit trail: every platform action with who did it, queryable at
// /api/audit/records (audit.read) and shown on the Audit log page.
backend.add(import('@goldpath/plugin-audit-backend'));
// The weekly digest of each team's scorecard, violations and pending
// requests, through notifications (goldpath.dora.digest).
backend.add(import('@goldpath/plugin-dora-backend-module-digest'));

// Example only: an entity whose contract turns invalid, to show the error.
backend.add(import('./demo/contractErrorDemo'));
// Example only: demo requests in every state, made through the requests API
// by the demo users (goldpath.demo.enabled).
backend.add(requestsDemoModule);
// Example only: offline publishing for the golden-path templates
// (example:publish:local, example:catalog:register-file, and the catalog
// accepting file locations). Use publish:github and catalog:register instead.
backend.add(localPublishModule);
backend.add(localFileLocationsModule);

backend.start();
