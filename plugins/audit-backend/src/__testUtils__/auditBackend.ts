import {
  AuditorService,
  AuditorServiceCreateEventOptions,
} from '@backstage/backend-plugin-api';
import {
  TestBackend,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import permissionPlugin from '@backstage/plugin-permission-backend';
import { AUDITOR_REF, auditPolicyModule } from './backend';
import auditPlugin from '../index';
import { AuditRecord } from '@goldpath/plugin-audit-common';
import request from 'supertest';
import { AddressInfo } from 'node:net';
import http from 'node:http';

/** The real audit backend (its plugin, the permission backend and a real policy), on a local port. */
export async function startAuditBackend(config: object = {}): Promise<{
  backend: TestBackend;
  baseUrl: string;
  list(query?: Record<string, string>): Promise<AuditRecord[]>;
}> {
  const backend = await startTestBackend({
    features: [
      auditPlugin,
      permissionPlugin,
      auditPolicyModule,
      mockServices.rootConfig.factory({
        data: { permission: { enabled: true }, ...config },
      }),
    ],
  });
  const port = (backend.server.address() as AddressInfo).port;
  return {
    backend,
    baseUrl: `http://localhost:${port}/api/audit`,
    async list(query = {}) {
      const res = await request(backend.server)
        .get('/api/audit/records')
        .query(query)
        .set('Authorization', mockCredentials.user.header(AUDITOR_REF))
        .expect(200);
      return res.body.items;
    },
  };
}

/** A base URL nothing listens on (a port taken, then released): the audit backend is down. */
export async function closedBaseUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>(r => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  await new Promise(r => server.close(r));
  return `http://127.0.0.1:${port}/api/audit`;
}

/** One auditor event as the installation's sink received it. */
export interface AuditorEvent {
  eventId: string;
  severityLevel?: string;
  meta?: object;
  status: 'succeeded' | 'failed';
  error?: string;
  hasRequest: boolean;
}

/** An auditor writing into `events` (standing in for the installation's audit sink). */
export function recordingAuditorService(
  events: AuditorEvent[],
): AuditorService {
  return {
    async createEvent(options: AuditorServiceCreateEventOptions) {
      const base = {
        eventId: options.eventId,
        severityLevel: options.severityLevel,
        hasRequest: options.request !== undefined,
      };
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
}
