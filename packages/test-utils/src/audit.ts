import { createBackendModule } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  AuditTrailService,
  auditTrailServiceRef,
} from '@goldpath/plugin-audit-node';
import { Server } from 'node:http';
import request from 'supertest';

/** A stored audit record. */
export type AuditRecord = Awaited<ReturnType<AuditTrailService['record']>>;

/**
 * A module of a plugin that holds the plugin's own audit trail (the
 * service is plugin-scoped, so a module gets the plugin's instance): the
 * test flushes it instead of waiting for the scheduled flush.
 */
export function auditTrailProbe(pluginId: string) {
  let trail: AuditTrailService | undefined;
  return {
    module: createBackendModule({
      pluginId,
      moduleId: 'audit-trail-probe',
      register(env) {
        env.registerInit({
          deps: { audit: auditTrailServiceRef },
          async init({ audit }) {
            trail = audit;
          },
        });
      },
    }),
    /** Delivers every record to the audit backend now; fails if one was not. */
    async flush() {
      const result = await trail!.flush();
      expect(result).toMatchObject({ retrying: 0, deadLettered: 0 });
    },
  };
}

/** The records the real audit backend of the test backend stores. */
export async function storedAuditRecords(
  server: Server,
  query: Record<string, string>,
  reader = 'user:default/auditor',
): Promise<AuditRecord[]> {
  const res = await request(server)
    .get('/api/audit/records')
    .query(query)
    .set('Authorization', mockCredentials.user.header(reader))
    .expect(200);
  return res.body.items;
}

/** One event as `mockServices.auditor.mock()` received it, with how it was closed. */
export interface AuditorEventSeen {
  eventId: string;
  meta?: Record<string, unknown>;
  status: 'initiated' | 'succeeded' | 'failed';
  error?: string;
}

/** Every event the mock auditor received, in order. */
export async function auditorEventsOf(
  auditor: ReturnType<typeof mockServices.auditor.mock>,
): Promise<AuditorEventSeen[]> {
  const mock = auditor.createEvent as jest.Mock;
  return Promise.all(
    mock.mock.calls.map(async ([options], i) => {
      const event = await mock.mock.results[i].value;
      const failed = (event.fail as jest.Mock).mock.calls[0]?.[0];
      let status: AuditorEventSeen['status'] = 'initiated';
      if ((event.success as jest.Mock).mock.calls.length) status = 'succeeded';
      else if (failed) status = 'failed';
      return {
        eventId: options.eventId,
        meta: options.meta,
        status,
        ...(failed ? { error: failed.error?.message } : {}),
      };
    }),
  );
}
