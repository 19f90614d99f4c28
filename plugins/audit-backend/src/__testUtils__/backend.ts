import {
  AuditorServiceCreateEventOptions,
  coreServices,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';

/** The user the test permission policy lets read the audit trail. */
export const AUDITOR_REF = 'user:default/auditor';

/**
 * A real permission policy for the permission backend: only
 * `user:default/auditor` may read the audit trail (`audit.read`); everything
 * else is allowed.
 */
export const auditPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'audit-test-policy',
  register(env) {
    env.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy({
          async handle(req, user) {
            if (req.permission.name === 'audit.read') {
              return {
                result:
                  user?.info.userEntityRef === AUDITOR_REF
                    ? AuthorizeResult.ALLOW
                    : AuthorizeResult.DENY,
              };
            }
            return { result: AuthorizeResult.ALLOW };
          },
        });
      },
    });
  },
});

/** One event as the installation's audit sink received it. */
export interface SinkEvent {
  plugin: string;
  eventId: string;
  severityLevel?: string;
  meta?: object;
  status: 'initiated' | 'succeeded' | 'failed';
  error?: string;
  hasRequest: boolean;
}

/**
 * An auditor that writes every event into `events`, standing in for the
 * installation's audit sink (Backstage's default auditor writes to the
 * logs; this one lets a test read what arrived).
 */
export function recordingAuditor(events: SinkEvent[]) {
  return createServiceFactory({
    service: coreServices.auditor,
    deps: { pluginMetadata: coreServices.pluginMetadata },
    factory({ pluginMetadata }) {
      const plugin = pluginMetadata.getId();
      return {
        async createEvent(options: AuditorServiceCreateEventOptions) {
          const base = {
            plugin,
            eventId: options.eventId,
            severityLevel: options.severityLevel,
            hasRequest: options.request !== undefined,
          };
          events.push({ ...base, meta: options.meta, status: 'initiated' });
          return {
            async success(o?: { meta?: object }) {
              events.push({
                ...base,
                meta: { ...options.meta, ...o?.meta },
                status: 'succeeded',
              });
            },
            async fail(o: { meta?: object; error: Error }) {
              events.push({
                ...base,
                meta: { ...options.meta, ...o.meta },
                status: 'failed',
                error: o.error.message,
              });
            },
          };
        },
      };
    },
  });
}
