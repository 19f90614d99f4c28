import { NotFoundError } from '@backstage/errors';
import { PolicyWaiver } from '@goldpath/plugin-policy-common';
import { randomUUID } from 'node:crypto';
import { PolicyStore, WaiverRow } from '../database/PolicyStore';
import { AuditRecorder } from './AuditRecorder';
import { PolicyCatalog } from './PolicyCatalog';

/** A waiver to record; times are epoch ms. */
export interface NewWaiver {
  entityRef: string;
  policy: string;
  rule?: string;
  findingKey?: string;
  reason: string;
  grantedBy: string;
  expiresAt: number;
}

export function toPolicyWaiver(w: WaiverRow): PolicyWaiver {
  return {
    id: w.id,
    entityRef: w.entityRef,
    policy: w.policy,
    ...(w.rule !== undefined ? { rule: w.rule } : {}),
    ...(w.findingKey !== undefined ? { findingKey: w.findingKey } : {}),
    reason: w.reason,
    grantedBy: w.grantedBy,
    createdAt: new Date(w.createdAt).toISOString(),
    expiresAt: new Date(w.expiresAt).toISOString(),
  };
}

/**
 * Waivers: recorded and revoked with the entity locked, its summary
 * recomputed in the same transaction. They apply at read time, so expiry
 * needs no job for the card; the summary follows within minutes (a
 * scheduled task recomputes entities whose next waiver expired).
 */
export class WaiverService {
  static create(options: {
    store: PolicyStore;
    recorder: AuditRecorder;
    catalog: PolicyCatalog;
    now?: () => number;
  }): WaiverService {
    return new WaiverService(options);
  }

  private constructor(
    private readonly options: Parameters<typeof WaiverService.create>[0],
  ) {}

  private now() {
    return this.options.now?.() ?? Date.now();
  }

  async list(entityRef: string): Promise<PolicyWaiver[]> {
    return (await this.options.store.listWaivers(entityRef)).map(
      toPolicyWaiver,
    );
  }

  async create(input: NewWaiver): Promise<PolicyWaiver> {
    const { store, recorder } = this.options;
    const now = this.now();
    const row: WaiverRow = {
      id: randomUUID(),
      ...input,
      createdAt: now,
    };
    const bundles = (await this.options.catalog.tryGet())?.bundles ?? new Map();
    await store.transaction(async tx => {
      const before = await tx.lockEntity(input.entityRef);
      await tx.insertWaiver(row);
      await recorder.refreshSummary(tx, input.entityRef, before, {
        bundles,
        now,
      });
    });
    return toPolicyWaiver(row);
  }

  /** Deletes a waiver; answers the waiver as it was. */
  async delete(id: string): Promise<PolicyWaiver> {
    const { store, recorder } = this.options;
    const found = await store.getWaiver(id);
    if (!found) {
      throw new NotFoundError(`No waiver with id ${id}`);
    }
    const now = this.now();
    const bundles = (await this.options.catalog.tryGet())?.bundles ?? new Map();
    await store.transaction(async tx => {
      const before = await tx.lockEntity(found.entityRef);
      if (!(await tx.deleteWaiver(id))) {
        throw new NotFoundError(`No waiver with id ${id}`);
      }
      await recorder.refreshSummary(tx, found.entityRef, before, {
        bundles,
        now,
      });
    });
    return toPolicyWaiver(found);
  }
}
