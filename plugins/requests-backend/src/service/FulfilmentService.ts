import { LoggerService } from '@backstage/backend-plugin-api';
import { SelfServiceRequest } from '@goldpath/plugin-requests-common';
import { RequestFulfilmentAction } from '@goldpath/plugin-requests-node';
import { RequestStore } from '../database/RequestStore';
import { RequestAudit } from './audit';
import { RequestNotifier } from './notify';
import { ScaffolderTasks } from './scaffolderTasks';

/** Who the history names for the fulfilment's own changes. */
export const FULFILMENT_ACTOR = 'plugin:requests';

/** How long one worker holds a request while it runs its fulfilment. */
const LEASE_MS = 10 * 60_000;
const MAX_OUTPUT_CHARS = 16_384;
const BATCH = 20;

export interface FulfilmentOptions {
  store: RequestStore;
  actions: Map<string, RequestFulfilmentAction>;
  scaffolder: ScaffolderTasks;
  notifier: RequestNotifier;
  audit: RequestAudit;
  logger: LoggerService;
  maxAttempts: number;
  retryBackoffMillis: number;
  pollIntervalMillis: number;
  now?: () => number;
}

/**
 * Runs the fulfilment of approved requests. The approval starts it at once;
 * the global `requests-fulfilment` task picks up what is due: approved
 * requests a replica did not get to start, failed attempts to retry (with
 * doubling back-off, the dead letters of fulfilment), and scaffolder tasks
 * to follow. Every step claims the request with a conditional update first.
 */
export class FulfilmentService {
  private readonly now: () => number;

  constructor(private readonly options: FulfilmentOptions) {
    this.now = options.now ?? Date.now;
  }

  /**
   * Why a request with this fulfilment could never be fulfilled here (an
   * action no module registered), or undefined.
   */
  refusal(spec: SelfServiceRequest['fulfilment']): string | undefined {
    return spec.type === 'action' && !this.options.actions.has(spec.id)
      ? `no fulfilment action ${spec.id} is registered (requestsFulfilmentExtensionPoint)`
      : undefined;
  }

  /** Starts the fulfilment of an approved request (no-op if another worker did). */
  async start(id: string): Promise<SelfServiceRequest | undefined> {
    const at = this.now();
    const claimed = await this.options.store.transition({
      id,
      from: 'approved',
      to: 'fulfilling',
      actor: FULFILMENT_ACTOR,
      at,
      patch: { nextAttemptAt: at + LEASE_MS },
    });
    if (!claimed) return this.options.store.get(id, { history: true });
    await this.options.notifier.changed(claimed);
    await this.work(claimed);
    return this.options.store.get(id, { history: true });
  }

  /** One run of the scheduled task: everything due. Returns how many requests it worked on. */
  async runDue(): Promise<number> {
    const now = this.now();
    const due = await this.options.store.claimDue({
      statuses: ['approved', 'fulfilling'],
      now,
      leaseUntil: now + LEASE_MS,
      limit: BATCH,
    });
    for (const request of due) {
      try {
        if (request.status === 'approved') {
          // Approved, but the replica that approved it did not start it.
          await this.start(request.id);
        } else {
          await this.work(request);
        }
      } catch (e) {
        this.options.logger.error(
          `Fulfilment of request ${request.id} failed unexpectedly`,
          e as Error,
        );
      }
    }
    return due.length;
  }

  private async work(request: SelfServiceRequest): Promise<void> {
    const spec = request.fulfilment;
    const attempts = request.fulfilmentState?.attempts ?? 0;
    if (spec.type === 'action') {
      const action = this.options.actions.get(spec.id);
      try {
        if (!action) {
          throw new Error(
            `no fulfilment action ${spec.id} is registered (requestsFulfilmentExtensionPoint)`,
          );
        }
        const result = await action.handler({
          request,
          input: spec.input ?? {},
          attempt: attempts + 1,
          logger: this.options.logger.child({ requestId: request.id }),
        });
        const output = result?.output;
        if (
          output !== undefined &&
          JSON.stringify(output).length > MAX_OUTPUT_CHARS
        ) {
          throw new Error(
            `the output of ${spec.id} is larger than ${MAX_OUTPUT_CHARS} characters of JSON`,
          );
        }
        await this.finish(request, {
          attempts: attempts + 1,
          ...(output !== undefined ? { output } : {}),
        });
      } catch (e) {
        await this.retryOrFail(request, attempts + 1, e as Error);
      }
      return;
    }

    const taskId = request.fulfilmentState?.taskId;
    if (!taskId) {
      try {
        const id = await this.options.scaffolder.create(
          spec.templateRef,
          spec.values,
        );
        const at = this.now();
        await this.options.store.patchFulfilment(
          request.id,
          'fulfilling',
          {
            attempts: attempts + 1,
            taskId: id,
            lastError: null,
            nextAttemptAt: at + this.options.pollIntervalMillis,
          },
          at,
        );
      } catch (e) {
        await this.retryOrFail(request, attempts + 1, e as Error);
      }
      return;
    }

    let outcome;
    try {
      outcome = await this.options.scaffolder.status(taskId);
    } catch (e) {
      // The task runs on; only reading its state failed: look again later.
      const at = this.now();
      await this.options.store.patchFulfilment(
        request.id,
        'fulfilling',
        {
          lastError: `could not read scaffolder task ${taskId}: ${
            (e as Error).message
          }`,
          nextAttemptAt: at + this.options.pollIntervalMillis,
        },
        at,
      );
      return;
    }
    if (outcome === 'completed') {
      await this.finish(request, { attempts });
    } else if (outcome === 'failed' || outcome === 'cancelled') {
      await this.fail(
        request,
        attempts,
        `scaffolder task ${taskId} ${
          outcome === 'failed' ? 'failed' : 'was cancelled'
        }`,
      );
    } else {
      const at = this.now();
      await this.options.store.patchFulfilment(
        request.id,
        'fulfilling',
        { nextAttemptAt: at + this.options.pollIntervalMillis },
        at,
      );
    }
  }

  private async finish(
    request: SelfServiceRequest,
    result: { attempts: number; output?: Record<string, unknown> },
  ) {
    const at = this.now();
    const event = await this.options.audit.begin('fulfilled', { request });
    const done = await this.options.store.transition({
      id: request.id,
      from: 'fulfilling',
      to: 'fulfilled',
      actor: FULFILMENT_ACTOR,
      at,
      patch: {
        attempts: result.attempts,
        output: result.output ?? null,
        lastError: null,
        nextAttemptAt: null,
        completedAt: at,
      },
    });
    if (!done) {
      await event.fail(
        new Error(`request ${request.id} was no longer fulfilling`),
      );
      return;
    }
    await event.success(done);
    await this.options.notifier.changed(done);
  }

  private async retryOrFail(
    request: SelfServiceRequest,
    attempts: number,
    error: Error,
  ) {
    const message = error.message || String(error);
    if (attempts >= this.options.maxAttempts) {
      await this.fail(
        request,
        attempts,
        `fulfilment failed after ${attempts} attempt${
          attempts === 1 ? '' : 's'
        }: ${message}`,
      );
      return;
    }
    const at = this.now();
    const wait = this.options.retryBackoffMillis * 2 ** (attempts - 1);
    this.options.logger.warn(
      `Fulfilment of request ${request.id} failed (attempt ${attempts} of ${
        this.options.maxAttempts
      }), retrying in ${Math.round(wait / 1000)}s: ${message}`,
    );
    await this.options.store.patchFulfilment(
      request.id,
      'fulfilling',
      { attempts, lastError: message, nextAttemptAt: at + wait },
      at,
    );
  }

  private async fail(
    request: SelfServiceRequest,
    attempts: number,
    reason: string,
  ) {
    const at = this.now();
    const event = await this.options.audit.begin('failed', { request });
    const failed = await this.options.store.transition({
      id: request.id,
      from: 'fulfilling',
      to: 'failed',
      actor: FULFILMENT_ACTOR,
      at,
      reason,
      patch: {
        attempts,
        lastError: reason,
        nextAttemptAt: null,
        completedAt: at,
      },
    });
    if (!failed) {
      await event.fail(
        new Error(`request ${request.id} was no longer fulfilling`),
      );
      return;
    }
    await event.success(failed);
    await this.options.notifier.changed(failed);
  }
}
