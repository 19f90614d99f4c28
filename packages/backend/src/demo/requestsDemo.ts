/*
 * EXAMPLE ONLY: demo self-service requests, one in every state, made at
 * startup through the requests plugin's own REST API by the demo users
 * (signed in through the example-only `goldpath-demo` provider, see
 * demoSignIn.ts), so that every change goes the way a user's would: the
 * permission policy decides the approvals, the fulfilment runs, the
 * notifications are sent and each action reaches the audit trail.
 *
 * On when `goldpath.demo.enabled` is true. Deterministic and idempotent: the
 * requests have fixed titles, and a request whose title its requester
 * already has is not made again (with a persistent database, across
 * restarts); if it is still pending when it should not be (an attempt made
 * it, then failed to approve, reject or cancel it), that step is taken.
 */

import {
  DiscoveryService,
  LoggerService,
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import type {
  CreateRequestBody,
  SelfServiceRequest,
} from '@goldpath/plugin-requests-common';
import { DEMO_PROVIDER_ID, DEMO_USER_COOKIE } from './demoSignIn';

const DATABASE = 'resource:default/postgres-composition';
const SERVING = 'component:default/kserve-serving-template';
const FEATURE_STORE = 'resource:default/feature-store';
/** An owner of all three targets (team-platform). */
const DEMO_APPROVER = 'margaret.hamilton';

type Then =
  | { action: 'none' }
  | { action: 'approve' | 'reject'; by: string; reason?: string }
  | { action: 'cancel'; reason?: string };

interface DemoRequest {
  requester: string;
  body: CreateRequestBody;
  then: Then;
}

const credentials = (access: 'read-only' | 'read-write') => ({
  kind: 'database-credentials',
  kindTitle: 'Database credentials',
  targetRef: DATABASE,
  parameters: { access },
  fulfilment: {
    type: 'scaffolder' as const,
    templateRef: 'template:default/issue-database-credentials',
    values: { database: DATABASE, access },
  },
});

const demoFulfilment = (
  outcome: 'complete' | 'run-long' | 'fail',
  what: string,
) => ({
  type: 'scaffolder' as const,
  templateRef: 'template:default/demo-fulfilment',
  values: { outcome, what },
});

/** The demo requests, in the order they are made. */
const DEMO_REQUESTS: DemoRequest[] = [
  {
    // pending: waits for an owner of the database on "To approve".
    requester: 'ada.lovelace',
    body: {
      ...credentials('read-only'),
      title: 'Read-only credentials to postgres-composition for order reports',
      justification: 'The checkout team reports on orders every Monday.',
    },
    then: { action: 'none' },
  },
  {
    // approved → fulfilling → fulfilled by issue-database-credentials.
    requester: 'grace.hopper',
    body: {
      ...credentials('read-write'),
      title: 'Read-write credentials to postgres-composition for the ledger',
      justification: 'The ledger migration writes the new balance tables.',
    },
    then: {
      action: 'approve',
      by: DEMO_APPROVER,
      reason: 'Ledger migration, agreed in the weekly sync.',
    },
  },
  {
    // approved → fulfilling for half an hour (then fulfilled).
    requester: 'ada.lovelace',
    body: {
      kind: 'gpu-quota',
      kindTitle: 'GPU quota',
      title: 'Two more A100 GPUs for the recommendation model',
      justification: 'Nightly retraining no longer fits in its window.',
      targetRef: SERVING,
      parameters: { gpus: 2, type: 'a100' },
      fulfilment: demoFulfilment('run-long', 'two A100 GPUs'),
    },
    then: { action: 'approve', by: DEMO_APPROVER },
  },
  {
    // approved → fulfilling → failed (the fulfilment task fails).
    requester: 'grace.hopper',
    body: {
      kind: 'environment',
      kindTitle: 'Environment',
      title: 'A feature-store environment for fraud experiments',
      justification: 'Fraud scoring experiments need online features.',
      targetRef: FEATURE_STORE,
      parameters: { environment: 'fraud-experiments' },
      fulfilment: demoFulfilment('fail', 'a feature-store environment'),
    },
    then: { action: 'approve', by: DEMO_APPROVER },
  },
  {
    // rejected by an owner, with the reason.
    requester: 'ada.lovelace',
    body: {
      ...credentials('read-write'),
      title: 'Read-write credentials to postgres-composition for a backfill',
      justification: 'A one-off backfill of order states.',
    },
    then: {
      action: 'reject',
      by: DEMO_APPROVER,
      reason:
        'Backfills run as a migration job, not with personal credentials.',
    },
  },
  {
    // cancelled by its requester while pending.
    requester: 'grace.hopper',
    body: {
      kind: 'gpu-quota',
      kindTitle: 'GPU quota',
      title: 'One GPU for a fraud-model spike',
      targetRef: SERVING,
      parameters: { gpus: 1, type: 't4' },
      fulfilment: demoFulfilment('complete', 'one T4 GPU'),
    },
    then: { action: 'cancel', reason: 'The spike runs on CPUs after all.' },
  },
];

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** The requests API as the demo users, with tokens from the demo sign-in. */
class DemoClient {
  private readonly tokens = new Map<string, string>();

  constructor(private readonly discovery: DiscoveryService) {}

  private async token(user: string): Promise<string> {
    const known = this.tokens.get(user);
    if (known) return known;
    const auth = await this.discovery.getBaseUrl('auth');
    const res = await fetch(`${auth}/${DEMO_PROVIDER_ID}/refresh`, {
      headers: {
        cookie: `${DEMO_USER_COOKIE}=${encodeURIComponent(user)}`,
        'x-requested-with': 'XMLHttpRequest',
      },
    });
    if (!res.ok) {
      throw new Error(
        `demo sign-in of ${user} failed: ${res.status} ${await res.text()}`,
      );
    }
    const body = (await res.json()) as {
      backstageIdentity: { token: string };
    };
    this.tokens.set(user, body.backstageIdentity.token);
    return body.backstageIdentity.token;
  }

  async call<T>(
    user: string,
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
  ): Promise<T> {
    const base = await this.discovery.getBaseUrl('requests');
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await this.token(user)}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    if (!res.ok) {
      throw new Error(
        `${method} ${path} as ${user}: ${res.status} ${await res.text()}`,
      );
    }
    return (await res.json()) as T;
  }
}

/** Approves, rejects or cancels a demo request as it plans to. */
async function takeStep(client: DemoClient, demo: DemoRequest, id: string) {
  const { then } = demo;
  if (then.action === 'none') return;
  const by = then.action === 'cancel' ? demo.requester : then.by;
  await client.call(
    by,
    'POST',
    `/requests/${encodeURIComponent(id)}/${then.action}`,
    then.reason ? { reason: then.reason } : {},
  );
}

/**
 * Makes the demo requests that do not exist yet, and takes the step of those
 * an earlier attempt left pending; answers how many it made or completed.
 */
async function makeDemoRequests(
  discovery: DiscoveryService,
  logger: LoggerService,
): Promise<number> {
  const client = new DemoClient(discovery);
  const mineOf = new Map<string, SelfServiceRequest[]>();
  let made = 0;
  for (const demo of DEMO_REQUESTS) {
    let mine = mineOf.get(demo.requester);
    if (!mine) {
      mine = (
        await client.call<{ items: SelfServiceRequest[] }>(
          demo.requester,
          'GET',
          '/requests?view=mine&limit=500',
        )
      ).items;
      mineOf.set(demo.requester, mine);
    }
    const existing = mine.find(r => r.title === demo.body.title);
    const nothingToDo =
      existing &&
      (existing.status !== 'pending' || demo.then.action === 'none');
    if (nothingToDo) continue;
    const request =
      existing ??
      (await client.call<SelfServiceRequest>(
        demo.requester,
        'POST',
        '/requests',
        demo.body,
      ));
    await takeStep(client, demo, request.id);
    made += 1;
    logger.info(
      `Demo request ${request.id} (${demo.body.title}): ${demo.then.action}`,
    );
  }
  return made;
}

/** EXAMPLE ONLY: the demo requests (see the file's comment). */
export const requestsDemoModule = createBackendModule({
  pluginId: 'requests',
  moduleId: 'goldpath-demo-requests',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        discovery: coreServices.discovery,
        logger: coreServices.logger,
        lifecycle: coreServices.rootLifecycle,
      },
      async init({ config, discovery, logger, lifecycle }) {
        if (!config.getOptionalBoolean('goldpath.demo.enabled')) return;
        let stopped = false;
        lifecycle.addShutdownHook(() => {
          stopped = true;
        });
        lifecycle.addStartupHook(() => {
          // In the background: the catalog must have read the example's
          // organisation and building blocks first, so try for a while.
          void (async () => {
            let lastError: unknown;
            for (let attempt = 1; attempt <= 60 && !stopped; attempt++) {
              try {
                const made = await makeDemoRequests(discovery, logger);
                logger.info(`Demo requests: ${made} made`);
                return;
              } catch (e) {
                lastError = e;
                await sleep(5000);
              }
            }
            if (!stopped) {
              logger.warn(`Demo requests not made: ${String(lastError)}`);
            }
          })();
        });
      },
    });
  },
});
