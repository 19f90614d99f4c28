import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  PolicySummaryEntry,
  PolicySummaryResponse,
} from '@goldpath/plugin-policy-common';
import { DoraService, doraServiceRef } from '@goldpath/plugin-dora-node';
import { PolicyService, policyServiceRef } from '@goldpath/plugin-policy-node';

type ScaffoldEntry = Awaited<
  ReturnType<DoraService['getScaffoldAttributions']>
>['entries'][number];

/**
 * Stand-ins for the dora and policy plugins' service refs, answering fixed
 * data that a test can change. The real DefaultDoraService and
 * DefaultPolicyService (HTTP clients) and the backends behind them are
 * tested by their own packages; here they would need those backends running.
 * Each answer is the full state as a delta from the start (cursor = a
 * version counter), which is what a client sees after a restart.
 */
export function fixedSources() {
  let version = 0;
  const scaffold = new Map<string, ScaffoldEntry & { at: number }>();
  const policy = new Map<string, PolicySummaryEntry & { at: number }>();
  const removed = new Map<string, number>();
  const calls = { dora: 0, policy: 0 };
  let policyDown = false;

  const since = (cursor?: string) => (cursor ? Number(cursor) : -1);

  const dora: DoraService = {
    async ingestEvents() {
      throw new Error('the catalog module never sends events');
    },
    async getScaffoldAttributions(options) {
      calls.dora += 1;
      const from = since(options?.since);
      return {
        entries: [...scaffold.values()]
          .filter(e => e.at > from)
          .map(({ at: _at, ...e }) => e),
        cursor: String(version),
      };
    },
  };
  const policyService: PolicyService = {
    async getSummary(options): Promise<PolicySummaryResponse> {
      calls.policy += 1;
      if (policyDown) throw new Error('connect ECONNREFUSED policy');
      const from = since(options?.since);
      return {
        entries: [...policy.values()]
          .filter(e => e.at > from)
          .map(({ at: _at, ...e }) => e),
        removed: [...removed.entries()]
          .filter(([, at]) => at > from)
          .map(([ref]) => ref),
        cursor: String(version),
      };
    },
  };

  return {
    calls,
    scaffolded(entry: ScaffoldEntry) {
      version += 1;
      scaffold.set(entry.entityRef, { ...entry, at: version });
    },
    audited(entry: PolicySummaryEntry) {
      version += 1;
      removed.delete(entry.entityRef);
      policy.set(entry.entityRef, { ...entry, at: version });
    },
    pruned(entityRef: string) {
      version += 1;
      policy.delete(entityRef);
      removed.set(entityRef, version);
    },
    setPolicyDown(down: boolean) {
      policyDown = down;
    },
    factories: [
      createServiceFactory({
        service: doraServiceRef,
        deps: {},
        factory: () => dora,
      }),
      createServiceFactory({
        service: policyServiceRef,
        deps: {},
        factory: () => policyService,
      }),
    ],
  };
}
