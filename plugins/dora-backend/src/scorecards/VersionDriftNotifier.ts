import { randomUUID } from 'node:crypto';
import {
  AuthService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotificationService } from '@backstage/plugin-notifications-node';
import {
  parseDuration,
  versionDriftNoticeText,
  versionDriftNotices,
} from '@goldpath/plugin-dora-common';
import { z } from 'zod';
import {
  VersionNoticeClaim,
  VersionNoticeStore,
} from '../database/VersionNoticeStore';
import { readTemplateVersions } from './AdoptionService';
import { CatalogDirectory } from '../catalog/CatalogDirectory';

/** The notifications topic of version-drift notices. */
export const VERSION_NOTICE_TOPIC = 'goldpath-template-version';

/** The adoption page of the example app (both frontend systems). */
const ADOPTION_PAGE = '/dora/adoption';

/** `goldpath.dora.adoption.notifications`. */
export interface VersionNoticeConfig {
  enabled: boolean;
  frequencyMillis: number;
}

const CONFIG_PATH = 'goldpath.dora.adoption.notifications';

const configSchema = z.strictObject({
  enabled: z.boolean().optional(),
  frequency: z
    .string()
    .optional()
    .refine(
      v => v === undefined || (parseDuration(v) ?? 0) >= 60_000,
      'must be a duration of at least a minute, like 1h or 30m',
    ),
});

/** Reads `goldpath.dora.adoption.notifications`: off unless `enabled: true`; every hour by default. */
export function readVersionNoticeConfig(root: Config): VersionNoticeConfig {
  const raw = root.getOptional(CONFIG_PATH) ?? {};
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const reasons = parsed.error.issues
      .map(i => `${[CONFIG_PATH, ...i.path].join('.')} ${i.message}`)
      .join('; ');
    throw new Error(`Invalid configuration: ${reasons}`);
  }
  return {
    enabled: parsed.data.enabled ?? false,
    frequencyMillis: parseDuration(parsed.data.frequency ?? '1h')!,
  };
}

/** The link of a notice: the service's page when it names one, else the adoption page. */
function noticeLink(notice: VersionNoticeClaim): string {
  if (notice.services.length !== 1) return ADOPTION_PAGE;
  const { kind, namespace, name } = parseEntityRef(notice.services[0].ref);
  return `/catalog/${encodeURIComponent(namespace)}/${encodeURIComponent(
    kind,
  )}/${encodeURIComponent(name)}`;
}

/**
 * Tells the owners of services created from an older version of a template
 * that a new version is out, through Backstage's notifications service: once
 * per template, version (the template entity's `goldpath.dev/template-version`
 * annotation) and owner, remembered in `dora_version_notices`.
 */
export class VersionDriftNotifier {
  static create(options: {
    store: VersionNoticeStore;
    directory: Pick<CatalogDirectory, 'get'>;
    catalog: CatalogService;
    auth: AuthService;
    notifications: NotificationService;
    logger: LoggerService;
    /** A claim older than this is taken over (its run died). Default 1 h. */
    staleClaimMillis?: number;
  }): VersionDriftNotifier {
    return new VersionDriftNotifier(
      options.store,
      options.directory,
      options.catalog,
      options.auth,
      options.notifications,
      options.logger,
      options.staleClaimMillis ?? 3_600_000,
    );
  }

  private constructor(
    private readonly store: VersionNoticeStore,
    private readonly directory: Pick<CatalogDirectory, 'get'>,
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
    private readonly notifications: NotificationService,
    private readonly logger: LoggerService,
    private readonly staleClaimMillis: number,
  ) {}

  /** One run: claims the notices due, sends them in key order, remembers the sent ones. */
  async run(
    now: number = Date.now(),
  ): Promise<{ due: number; sent: number; failed: number }> {
    const [directory, templates] = await Promise.all([
      this.directory.get(),
      this.auth
        .getOwnServiceCredentials()
        .then(credentials => readTemplateVersions(this.catalog, credentials)),
    ]);
    const titles = new Map(
      [...directory.templates.values()].map(t => [t.ref, t.title]),
    );
    const notices = versionDriftNotices({
      components: [...directory.services.values()].map(s => ({
        ref: s.ref,
        owners: s.owners,
        system: s.system,
        template: s.template,
      })),
      templateVersions: templates.versions,
      titles,
    });
    const claim = randomUUID();
    const claimed = await this.store.claim({
      notices: notices.map(n => ({
        template: n.template,
        version: n.currentVersion,
        owner: n.owner,
        services: n.services,
      })),
      claim,
      now,
      staleBefore: now - this.staleClaimMillis,
    });
    let sent = 0;
    let failed = 0;
    for (const notice of claimed) {
      const { title, description } = versionDriftNoticeText({
        template: notice.template,
        title: titles.get(notice.template) ?? notice.template,
        currentVersion: notice.version,
        owner: notice.owner,
        services: notice.services,
      });
      try {
        await this.notifications.send({
          recipients: { type: 'entity', entityRef: notice.owner },
          payload: {
            title,
            description,
            link: noticeLink(notice),
            severity: 'normal',
            topic: VERSION_NOTICE_TOPIC,
          },
        });
      } catch (e) {
        failed += 1;
        await this.store.release(notice, { claim });
        this.logger.warn(
          `Could not notify ${notice.owner} of ${notice.template} ${
            notice.version
          }; trying again next run: ${(e as Error).message}`,
        );
        continue;
      }
      await this.store.markSent(notice, { claim, sentAt: Date.now() });
      sent += 1;
    }
    return { due: claimed.length, sent, failed };
  }

  /** Schedules the notifier as one global task (one replica runs each run). */
  async schedule(options: {
    scheduler: SchedulerService;
    frequencyMillis: number;
  }): Promise<void> {
    await options.scheduler.scheduleTask({
      id: 'dora-version-notices',
      frequency: { milliseconds: options.frequencyMillis },
      initialDelay: { minutes: 2 },
      timeout: { minutes: 30 },
      scope: 'global',
      fn: async () => {
        const { due, sent, failed } = await this.run();
        if (due > 0) {
          this.logger.info(
            `Version-drift notices: ${sent} sent, ${failed} to retry`,
          );
        }
      },
    });
  }
}
