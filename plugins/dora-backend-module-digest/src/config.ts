import { RootConfigService } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  DIGEST_WEEK_DAYS,
  DigestWeekDay,
  parseDuration,
} from '@goldpath/plugin-dora-common';
import { z } from 'zod';

/**
 * `goldpath.dora.digest`, read.
 *
 * @public
 */
export interface DigestConfig {
  enabled: boolean;
  /** When the global task runs. */
  schedule: { cron: string } | { milliseconds: number };
  /** The group that gets the fleet digest (full entity ref). */
  platformTeam: string;
  weekStartsOn: DigestWeekDay;
  /** Failed sends of one digest before it is kept as a dead letter. */
  maxAttempts: number;
}

const CONFIG_PATH = 'goldpath.dora.digest';

/** Five or six cron fields. */
const CRON = /^\s*(\S+\s+){4,5}\S+\s*$/;
const CRON_FIELD = /^[\d*,/\-?LW#A-Za-z]+$/;
/** `[kind:][namespace/]name`, Backstage's characters. */
const ENTITY_REF = /^([A-Za-z0-9_.-]+:)?([A-Za-z0-9_.-]+\/)?[A-Za-z0-9_.-]+$/;

const configSchema = z.strictObject({
  enabled: z.boolean().optional(),
  schedule: z
    .string()
    .optional()
    .refine(
      v =>
        v === undefined ||
        (CRON.test(v) &&
          v
            .trim()
            .split(/\s+/)
            .every(f => CRON_FIELD.test(f))) ||
        (parseDuration(v) ?? 0) >= 60_000,
      'must be a cron expression (`0 7 * * 1`) or a duration of at least a minute (`1h`)',
    ),
  platformTeam: z
    .string()
    .regex(ENTITY_REF, 'must be an entity ref, like group:default/platform')
    .optional(),
  weekStartsOn: z
    .enum(DIGEST_WEEK_DAYS, {
      error: `must be one of ${DIGEST_WEEK_DAYS.join(', ')}`,
    })
    .optional(),
  maxAttempts: z
    .number()
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(100, 'must be at most 100')
    .optional(),
});

/**
 * Reads `goldpath.dora.digest`: off unless `enabled: true`; hourly runs
 * (each team gets one digest a week), weeks from Monday, the platform team
 * `group:default/platform`, 5 attempts. Invalid values stop the backend at
 * start with the key named.
 */
export function readDigestConfig(root: RootConfigService): DigestConfig {
  const raw = root.getOptional(CONFIG_PATH) ?? {};
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const reasons = parsed.error.issues
      .map(i => `${[CONFIG_PATH, ...i.path].join('.')} ${i.message}`)
      .join('; ');
    throw new Error(`Invalid configuration: ${reasons}`);
  }
  const c = parsed.data;
  const schedule = c.schedule ?? '1h';
  const ms = parseDuration(schedule);
  return {
    enabled: c.enabled ?? false,
    schedule:
      ms !== undefined ? { milliseconds: ms } : { cron: schedule.trim() },
    platformTeam: stringifyEntityRef(
      parseEntityRef(c.platformTeam ?? 'group:default/platform', {
        defaultKind: 'group',
        defaultNamespace: 'default',
      }),
    ).toLocaleLowerCase('en-US'),
    weekStartsOn: c.weekStartsOn ?? 'monday',
    maxAttempts: c.maxAttempts ?? 5,
  };
}
