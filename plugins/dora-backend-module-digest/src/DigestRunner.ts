import { randomUUID } from 'node:crypto';
import {
  AuthService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotificationService } from '@backstage/plugin-notifications-node';
import {
  DigestNotification,
  DigestPendingRequest,
  DigestPolicy,
  DigestPolicyEntry,
  DigestWeek,
  RollupResponse,
  TemplateCandidate,
  digestPolicy,
  digestWeek,
  fleetDigest,
  teamDigest,
} from '@goldpath/plugin-dora-common';
import { DoraReadService } from '@goldpath/plugin-dora-node';
import { PolicyService } from '@goldpath/plugin-policy-node';
import { RequestsService } from '@goldpath/plugin-requests-node';
import { DigestConfig } from './config';
import { DeliveryKey, DeliveryStore } from './DeliveryStore';
import { DigestTeam, readTeams } from './teams';

/**
 * Where pending requests come from: the requests plugin's `requestsServiceRef`, or anything that lists them per owner.
 *
 * @public
 */
export type PendingRequestsSource = Pick<RequestsService, 'listPending'>;

/**
 * The id of the global task.
 *
 * @public
 */
export const DIGEST_TASK_ID = 'dora-weekly-digest';

/** At most this many pages of the policy summary (1,000 entities each) are read. */
const MAX_POLICY_PAGES = 100;
/** How often a rollup still being computed is asked for again within one run. */
const MAX_COMPUTING_POLLS = 20;

/** The figures of a rollup were still being computed: nothing is sent, nothing counted. */
class StillComputingError extends Error {}

function isNotFound(e: unknown): boolean {
  const err = e as {
    name?: string;
    statusCode?: number;
    response?: { status?: number };
  };
  return (
    err?.name === 'NotFoundError' ||
    (err?.name === 'ResponseError' &&
      (err.statusCode === 404 || err.response?.status === 404))
  );
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * What one run did.
 *
 * @public
 */
export interface DigestRunResult {
  week: string;
  /** Digests this run claimed. */
  due: number;
  sent: number;
  /** Failed sends to retry next run. */
  failed: number;
  /** Digests given up after their last attempt (dead letters). */
  dead: number;
  /** Digests given back because their figures were still being computed. */
  deferred: number;
  optedOut: string[];
}

/**
 * The weekly digest: for each owning team its DORA scorecard (with last
 * week's change and the golden-path slice), its open policy violations and
 * its pending requests; for the platform team the fleet digest. Sent
 * through Backstage's notifications service, once per team and week,
 * remembered in `dora_digest_deliveries`.
 *
 * @public
 */
export class DigestRunner {
  static create(options: {
    store: DeliveryStore;
    catalog: CatalogService;
    auth: AuthService;
    dora: DoraReadService;
    policy?: Pick<PolicyService, 'getSummary'>;
    requests?: PendingRequestsSource;
    notifications: NotificationService;
    logger: LoggerService;
    config: DigestConfig;
    /** A claim older than this is taken over (its run died). Default 1 h. */
    staleClaimMillis?: number;
    /** Waits between polls of a rollup still being computed. */
    sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  }): DigestRunner {
    return new DigestRunner(options);
  }

  private constructor(
    private readonly o: Parameters<typeof DigestRunner.create>[0],
  ) {}

  /** One run: claims the digests of the reported week not sent yet, sends them, records how each went. */
  async run(
    options: { now?: number; signal?: AbortSignal } = {},
  ): Promise<DigestRunResult> {
    const now = options.now ?? Date.now();
    const { config, logger, store } = this.o;
    const week = digestWeek(now, config.weekStartsOn);
    const result: DigestRunResult = {
      week: week.label,
      due: 0,
      sent: 0,
      failed: 0,
      dead: 0,
      deferred: 0,
      optedOut: [],
    };

    const { teams, platform } = await readTeams({
      catalog: this.o.catalog,
      auth: this.o.auth,
      platformTeam: config.platformTeam,
    });
    const keys: DeliveryKey[] = [];
    for (const team of teams) {
      if (team.optedOut) {
        result.optedOut.push(team.ref);
        logger.debug(
          `Weekly digest: ${team.ref} opted out (goldpath.dev/digest: off); nothing sent`,
        );
      } else {
        keys.push({ digest: 'team', teamRef: team.ref });
      }
    }
    if (!platform) {
      logger.warn(
        `Weekly digest: the platform team ${config.platformTeam} is not in the catalog; no fleet digest (set goldpath.dora.digest.platformTeam)`,
      );
    } else if (platform.optedOut) {
      result.optedOut.push(platform.ref);
      logger.debug(
        `Weekly digest: the platform team ${platform.ref} opted out (goldpath.dev/digest: off); no fleet digest`,
      );
    } else {
      keys.push({ digest: 'fleet', teamRef: platform.ref });
    }

    const claim = randomUUID();
    const claimed = await store.claim({
      keys,
      week: week.label,
      claim,
      now,
      staleBefore: now - (this.o.staleClaimMillis ?? 3_600_000),
    });
    result.due = claimed.length;
    if (claimed.length === 0) return result;

    const byRef = new Map(teams.map(t => [t.ref, t]));
    const teamKeys = claimed.filter(k => k.digest === 'team');
    const fleetKeys = claimed.filter(k => k.digest === 'fleet');

    const fail = async (key: DeliveryKey, error: unknown) => {
      const status = await store.markFailed(key, {
        week: week.label,
        claim,
        now: Date.now(),
        error: message(error),
        maxAttempts: config.maxAttempts,
      });
      if (status === 'dead') {
        result.dead += 1;
        logger.error(
          `Weekly digest ${key.digest} of ${key.teamRef} for ${
            week.label
          } failed its last attempt (${
            config.maxAttempts
          }); kept as a dead letter in dora_digest_deliveries: ${message(
            error,
          )}`,
        );
      } else {
        result.failed += 1;
        logger.warn(
          `Weekly digest ${key.digest} of ${key.teamRef} for ${
            week.label
          } could not be sent; trying again next run: ${message(error)}`,
        );
      }
    };
    const send = async (key: DeliveryKey, notification: DigestNotification) => {
      try {
        await this.notify(key.teamRef, notification);
      } catch (e) {
        await fail(key, e);
        return;
      }
      await store.markSent(key, { week: week.label, claim, now: Date.now() });
      result.sent += 1;
    };
    const deferAll = async (list: DeliveryKey[], reason: string) => {
      for (const key of list) {
        await store.release(key, { week: week.label, claim, now: Date.now() });
        result.deferred += 1;
      }
      logger.info(
        `Weekly digest for ${week.label}: ${list.length} digests wait for the next run: ${reason}`,
      );
    };

    // Figures every digest of the run shares: read once, up front. If they
    // cannot be read, every claimed digest counts a failed attempt.
    let current: RollupResponse;
    let previous: RollupResponse | undefined;
    try {
      current = await this.rollups(week.to, options.signal);
      if (teamKeys.length > 0) {
        previous = await this.rollups(week.from, options.signal);
      }
    } catch (e) {
      if (e instanceof StillComputingError) {
        await deferAll(claimed, e.message);
        return result;
      }
      for (const key of claimed) await fail(key, e);
      return result;
    }

    if (teamKeys.length > 0) {
      let policyEntries: DigestPolicyEntry[] | null = null;
      let policyError: unknown;
      try {
        policyEntries = await this.policyEntries();
      } catch (e) {
        policyError = e;
      }
      const currentBy = new Map(current.groups.map(g => [g.key, g]));
      const previousBy = new Map(previous!.groups.map(g => [g.key, g]));
      for (const key of teamKeys) {
        const team = byRef.get(key.teamRef);
        if (policyError) {
          await fail(key, policyError);
          continue;
        }
        let pending: DigestPendingRequest[] | null;
        try {
          pending = await this.pending(team);
        } catch (e) {
          await fail(key, e);
          continue;
        }
        const policy: DigestPolicy | null = policyEntries
          ? digestPolicy(policyEntries, team?.entityRefs ?? [])
          : null;
        const digest = teamDigest({
          teamRef: key.teamRef,
          teamTitle: team?.title,
          week,
          current: currentBy.get(key.teamRef),
          previous: previousBy.get(key.teamRef),
          policy,
          pending,
        });
        await send(key, digest.notification);
      }
    }

    const fleetNotification = async (teamRef: string) => {
      const adoption = await this.o.dora.getAdoption({
        asOf: new Date(week.to).toISOString(),
        months: 1,
      });
      const candidates = await this.candidates(week);
      const undelivered = (
        await store.list({ week: week.label, status: 'dead' })
      )
        .filter(r => r.digest === 'team')
        .map(r => r.teamRef);
      return fleetDigest({
        teamRef,
        week,
        fleet: current.fleet,
        coverage: adoption.coverage.fleet,
        candidates,
        undelivered,
      }).notification;
    };
    for (const key of fleetKeys) {
      let notification: DigestNotification;
      try {
        notification = await fleetNotification(key.teamRef);
      } catch (e) {
        await fail(key, e);
        continue;
      }
      await send(key, notification);
    }
    // A team digest given up in this run, after the week's fleet digest
    // went out: the platform team's notification of the week is updated
    // (same scope) to name it.
    if (
      fleetKeys.length === 0 &&
      result.dead > 0 &&
      platform &&
      !platform.optedOut
    ) {
      try {
        await this.notify(platform.ref, await fleetNotification(platform.ref));
      } catch (e) {
        logger.warn(
          `Weekly digest: could not update the fleet digest of ${
            platform.ref
          } with the undelivered team digests (they stay in dora_digest_deliveries): ${message(
            e,
          )}`,
        );
      }
    }

    logger.info(
      `Weekly digest for ${week.label}: ${result.sent} sent, ${result.failed} to retry, ${result.dead} given up, ${result.deferred} deferred`,
    );
    return result;
  }

  /** One notification to a team (its members, through the notifications backend). */
  private async notify(teamRef: string, notification: DigestNotification) {
    await this.o.notifications.send({
      recipients: { type: 'entity', entityRef: teamRef },
      payload: {
        title: notification.title,
        description: notification.description,
        link: notification.link,
        severity: 'normal',
        topic: notification.topic,
        scope: notification.scope,
      },
    });
  }

  /** Schedules the runner as one global task: one replica runs each run. */
  async schedule(scheduler: SchedulerService): Promise<void> {
    await scheduler.scheduleTask({
      id: DIGEST_TASK_ID,
      frequency: this.o.config.schedule,
      initialDelay: { minutes: 1 },
      timeout: { minutes: 30 },
      scope: 'global',
      fn: async signal => {
        await this.run({ signal: signal as AbortSignal });
      },
    });
  }

  /** The owner rollup as of `asOf`, waiting (bounded) while it is computed in the background. */
  private async rollups(
    asOf: number,
    signal?: AbortSignal,
  ): Promise<RollupResponse> {
    const sleep = this.o.sleep ?? defaultSleep;
    for (let poll = 0; poll < MAX_COMPUTING_POLLS; poll++) {
      const answer = await this.o.dora.getRollups({
        groupBy: 'owner',
        asOf: new Date(asOf).toISOString(),
      });
      if (!answer.computing) return answer;
      if (signal?.aborted) break;
      await sleep(
        Math.min(Math.max(answer.retryAfterSeconds ?? 5, 1), 60) * 1000,
        signal,
      );
    }
    throw new StillComputingError(
      `the DORA rollups as of ${new Date(
        asOf,
      ).toISOString()} are still being computed`,
    );
  }

  /**
   * Every entity's open violations from the policy summary, read page by
   * page (bounded); `null` when the policy plugin is not installed.
   */
  private async policyEntries(): Promise<DigestPolicyEntry[] | null> {
    if (!this.o.policy) return null;
    const entries = new Map<string, DigestPolicyEntry>();
    let since: string | undefined;
    for (let page = 0; page < MAX_POLICY_PAGES; page++) {
      let answer;
      try {
        answer = await this.o.policy.getSummary(since ? { since } : {});
      } catch (e) {
        if (isNotFound(e)) return null;
        throw e;
      }
      for (const entry of answer.entries) {
        entries.set(entry.entityRef.toLocaleLowerCase('en-US'), entry);
      }
      for (const ref of answer.removed) {
        entries.delete(ref.toLocaleLowerCase('en-US'));
      }
      // A short page, or a cursor that no longer moves (the overlap the
      // summary re-sends), is the end of the stream.
      if (answer.entries.length < 1000 || answer.cursor === since) {
        return [...entries.values()];
      }
      since = answer.cursor;
    }
    throw new Error(
      `The policy summary has more than ${MAX_POLICY_PAGES} pages; the violations are not counted`,
    );
  }

  /** The team's pending requests; `null` without a requests source or plugin. */
  private async pending(
    team: DigestTeam | undefined,
  ): Promise<DigestPendingRequest[] | null> {
    if (!this.o.requests || !team) return null;
    try {
      const items = await this.o.requests.listPending({
        ownerRefs: [team.ref],
      });
      return items.map(r => ({
        title: r.title,
        page: r.page,
        createdAt: r.createdAt,
      }));
    } catch (e) {
      if (isNotFound(e)) return null;
      throw e;
    }
  }

  /** Template candidates of the tickets figures up to the week's end; `null` when the tickets API is not there. */
  private async candidates(
    week: DigestWeek,
  ): Promise<TemplateCandidate[] | null> {
    try {
      const tickets = await this.o.dora.getTickets({
        asOf: new Date(week.to).toISOString(),
      });
      return tickets.candidates;
    } catch (e) {
      if (isNotFound(e)) return null;
      throw e;
    }
  }
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise(resolve => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
