import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import {
  SourceSecrets,
  TicketFieldSource,
  TicketMapping,
  WEBHOOK_SOURCES,
  WebhookSource,
} from '@goldpath/plugin-dora-adapters';
import {
  DoraEngineOptions,
  ThresholdOverrides,
  isValidTimeZone,
  parseDuration,
  parseWindowDays,
  resolveEngineOptions,
} from '@goldpath/plugin-dora-common';

/**
 * The dora backend's configuration, parsed once at start.
 */
export interface DoraBackendConfig {
  /** Engine defaults; requests may override `asOf` and the window. */
  engine: Omit<DoraEngineOptions, 'asOf'> & { windowDays: number };
  ingestion: {
    maxBodyBytes: number;
    maxEvents: number;
    maxFutureMillis: number;
    /** Whether users may `POST /events` (with `dora.events.create`). Default false. */
    allowUsers: boolean;
    /** Per-principal token bucket, in memory per replica; absent when disabled. */
    rateLimit?: { requestsPerMinute: number; burst: number };
  };
  privacy: { actorHashKey?: string; excludeRepositories: string[] };
  retention: { eventsMillis?: number; unresolvedMillis: number };
  catalog: { refreshMillis: number };
  webhooks: {
    allowInsecure: boolean;
    sources: Partial<Record<WebhookSource, SourceSecrets>>;
    /** Largest accepted body per source, in bytes. */
    maxBodyBytes: Partial<Record<WebhookSource, number>>;
    /** Ticket sources: where category and team come from (adapter defaults otherwise). */
    ticketMappings: Partial<Record<WebhookSource, TicketMapping>>;
  };
  tickets: {
    /** Triage SLA in milliseconds; absent: no SLA breaches are computed. */
    triageSlaMillis?: number;
    /** IANA time zone of the ticket months; default UTC. */
    timeZone?: string;
  };
  eventsBus: {
    enabled: boolean;
    topics: { github: string[]; gitlab: string[]; canonical: string[] };
    /** How often dead letters are replayed. */
    replayFrequencyMillis: number;
  };
}

/**
 * Documented maximum webhook payload sizes; sources without one take 5 MB
 * (`DEFAULT_WEBHOOK_MAX_BODY_BYTES`). GitHub caps payloads at 25 MB.
 */
const DOCUMENTED_MAX_BODY_BYTES: Partial<Record<WebhookSource, number>> = {
  github: 25 * 1024 * 1024,
  'github-issues': 25 * 1024 * 1024,
};

const SIZE = /^\s*(\d+)\s*(b|kb|mb)?\s*$/i;

function parseSize(value: string, key: string): number {
  const m = SIZE.exec(value);
  if (!m) {
    throw new Error(`${key} must be a size like 5mb or 500kb, got "${value}"`);
  }
  const multiplier: Record<string, number> = {
    b: 1,
    kb: 1024,
    mb: 1024 * 1024,
  };
  return Number(m[1]) * multiplier[(m[2] ?? 'b').toLowerCase()];
}

function durationSeconds(value: string | undefined, key: string) {
  if (value === undefined) return undefined;
  const ms = parseDuration(value);
  if (ms === undefined) {
    throw new Error(`${key} must be a duration like 1d or 4h, got "${value}"`);
  }
  return ms / 1000;
}

function readBands(
  config: Config | undefined,
  key: string,
  kind: 'duration' | 'ratio',
) {
  if (!config) return undefined;
  const out: Record<string, number> = {};
  for (const band of ['elite', 'high', 'medium']) {
    const path = `goldpath.dora.thresholds.${key}.${band}`;
    if (kind === 'duration') {
      const v = durationSeconds(config.getOptionalString(band), path);
      if (v !== undefined) out[band] = v;
    } else {
      const v = config.getOptionalNumber(band);
      if (v !== undefined) {
        if (v < 0 || v > 1) {
          throw new Error(`${path} must be a ratio between 0 and 1, got ${v}`);
        }
        out[band] = v;
      }
    }
  }
  return out;
}

/**
 * Reads `goldpath.dora` from app-config. Throws an error naming the key for
 * invalid values, so a misconfigured backend refuses to start.
 */
export function readDoraBackendConfig(root: Config): DoraBackendConfig {
  const config = root.getOptionalConfig('goldpath.dora');
  const windowText = config?.getOptionalString('window') ?? '90d';
  const windowDays = parseWindowDays(windowText);
  if (windowDays === undefined) {
    throw new Error(
      `goldpath.dora.window must be whole days or weeks like 90d or 12w, got "${windowText}"`,
    );
  }
  const t = config?.getOptionalConfig('thresholds');
  const df = t?.getOptionalConfig('deploymentFrequency');
  const thresholds: ThresholdOverrides = {
    ...(df
      ? {
          deploymentFrequency: {
            ...(df.has('eliteDaysPerWeek') && {
              eliteDaysPerWeek: df.getNumber('eliteDaysPerWeek'),
            }),
            ...(df.has('highDaysPerWeek') && {
              highDaysPerWeek: df.getNumber('highDaysPerWeek'),
            }),
            ...(df.has('mediumDaysPerMonth') && {
              mediumDaysPerMonth: df.getNumber('mediumDaysPerMonth'),
            }),
          },
        }
      : {}),
    changeLeadTime: readBands(
      t?.getOptionalConfig('changeLeadTime'),
      'changeLeadTime',
      'duration',
    ),
    changeFailRate: readBands(
      t?.getOptionalConfig('changeFailRate'),
      'changeFailRate',
      'ratio',
    ),
    failedDeploymentRecoveryTime: readBands(
      t?.getOptionalConfig('failedDeploymentRecoveryTime'),
      'failedDeploymentRecoveryTime',
      'duration',
    ),
    deploymentReworkRate: readBands(
      t?.getOptionalConfig('deploymentReworkRate'),
      'deploymentReworkRate',
      'ratio',
    ),
  };
  const engine: DoraBackendConfig['engine'] = {
    windowDays,
    benchmark: config?.getOptionalString('benchmark'),
    productionPattern: config?.getOptionalString('productionPattern'),
    productionDefault: config?.getOptionalString('productionDefault') as
      | 'pattern'
      | 'all'
      | undefined,
    attribution: config?.getOptionalString('attribution') as
      | 'strict'
      | 'inclusive'
      | undefined,
    median: config?.getOptionalString('median') as
      | 'interpolated'
      | 'lower'
      | undefined,
    rounding: config?.getOptionalString('rounding') as
      | 'none'
      | 'minuteCeil'
      | undefined,
    reworkPattern: config?.getOptionalString('reworkPattern'),
    correlationToleranceMinutes: config?.getOptionalNumber(
      'correlationToleranceMinutes',
    ),
    thresholds,
  };
  try {
    resolveEngineOptions(engine);
  } catch (e) {
    throw new Error(
      `Invalid goldpath.dora configuration: ${(e as Error).message}`,
    );
  }

  const ingestion = config?.getOptionalConfig('ingestion');
  const maxEvents = ingestion?.getOptionalNumber('maxEvents') ?? 5000;
  if (!Number.isInteger(maxEvents) || maxEvents < 1) {
    throw new Error(
      `goldpath.dora.ingestion.maxEvents must be a positive integer, got ${maxEvents}`,
    );
  }
  const skewText = ingestion?.getOptionalString('maxFutureSkew') ?? '1h';
  const maxFutureMillis = parseDuration(skewText);
  if (maxFutureMillis === undefined) {
    throw new Error(
      `goldpath.dora.ingestion.maxFutureSkew must be a duration like 1h, got "${skewText}"`,
    );
  }
  return {
    engine,
    ingestion: {
      maxBodyBytes: parseSize(
        ingestion?.getOptionalString('maxBodySize') ?? '5mb',
        'goldpath.dora.ingestion.maxBodySize',
      ),
      maxEvents,
      maxFutureMillis,
      allowUsers: ingestion?.getOptionalBoolean('allowUsers') ?? false,
      rateLimit: readRateLimit(ingestion?.getOptionalConfig('rateLimit')),
    },
    privacy: {
      actorHashKey: config?.getOptionalString('privacy.actorHashKey'),
      excludeRepositories:
        config?.getOptionalStringArray('privacy.excludeRepositories') ?? [],
    },
    retention: readRetention(config),
    catalog: {
      refreshMillis: (() => {
        const text =
          config?.getOptionalString('catalog.refreshInterval') ?? '1m';
        const ms = parseDuration(text);
        if (ms === undefined) {
          throw new Error(
            `goldpath.dora.catalog.refreshInterval must be a duration like 1m, got "${text}"`,
          );
        }
        return ms;
      })(),
    },
    webhooks: readWebhooks(config),
    tickets: readTickets(config),
    eventsBus: {
      enabled: config?.getOptionalBoolean('eventsBus.enabled') ?? true,
      topics: {
        github: config?.getOptionalStringArray('eventsBus.topics.github') ?? [
          'github',
        ],
        gitlab: config?.getOptionalStringArray('eventsBus.topics.gitlab') ?? [
          'gitlab',
        ],
        canonical: config?.getOptionalStringArray(
          'eventsBus.topics.canonical',
        ) ?? ['goldpath.dora'],
      },
      replayFrequencyMillis: (() => {
        const text =
          config?.getOptionalString('eventsBus.deadLetters.replayFrequency') ??
          '5m';
        const ms = parseDuration(text);
        if (ms === undefined || ms < 60_000) {
          throw new Error(
            `goldpath.dora.eventsBus.deadLetters.replayFrequency must be a duration of at least 1m, like 5m, got "${text}"`,
          );
        }
        return ms;
      })(),
    },
  };
}

/** Default: 600 requests a minute per principal, bursts of 600. */
function readRateLimit(config: Config | undefined) {
  if (config?.getOptionalBoolean('enabled') === false) return undefined;
  const positive = (key: string, fallback: number) => {
    const value = config?.getOptionalNumber(key) ?? fallback;
    if (!Number.isInteger(value) || value < 1) {
      throw new Error(
        `goldpath.dora.ingestion.rateLimit.${key} must be a positive integer, got ${value}`,
      );
    }
    return value;
  };
  const requestsPerMinute = positive('requestsPerMinute', 600);
  return { requestsPerMinute, burst: positive('burst', requestsPerMinute) };
}

function readRetention(config: Config | undefined) {
  const read = (key: string) => {
    const text = config?.getOptionalString(`retention.${key}`);
    if (text === undefined) return undefined;
    const ms = parseDuration(text);
    if (ms === undefined || ms < 86_400_000) {
      throw new Error(
        `goldpath.dora.retention.${key} must be a duration of at least a day, like 730d, got "${text}"`,
      );
    }
    return ms;
  };
  return {
    eventsMillis: read('events'),
    unresolvedMillis: read('unresolved') ?? 90 * 86_400_000,
  };
}

/** `goldpath.dora.tickets`: `triageSla` as a duration (`{ hours: 8 }`, `8h`, `PT8H`). */
function readTickets(config: Config | undefined): DoraBackendConfig['tickets'] {
  const tickets = config?.getOptionalConfig('tickets');
  const timeZone = tickets?.getOptionalString('timeZone');
  if (timeZone !== undefined && !isValidTimeZone(timeZone)) {
    throw new Error(
      `goldpath.dora.tickets.timeZone must be an IANA time zone such as UTC or Europe/Berlin, got "${timeZone}"`,
    );
  }
  if (!tickets?.has('triageSla')) return timeZone ? { timeZone } : {};
  let millis: number;
  try {
    const value = tickets.getOptional('triageSla');
    millis =
      typeof value === 'string'
        ? parseDuration(value) ??
          durationToMilliseconds(
            readDurationFromConfig(tickets, { key: 'triageSla' }),
          )
        : durationToMilliseconds(
            readDurationFromConfig(tickets, { key: 'triageSla' }),
          );
  } catch (e) {
    throw new Error(
      `goldpath.dora.tickets.triageSla must be a duration like { hours: 8 } or 8h: ${
        (e as Error).message
      }`,
    );
  }
  if (!(millis > 0)) {
    throw new Error(
      `goldpath.dora.tickets.triageSla must be a positive duration, got ${millis} ms`,
    );
  }
  return { triageSlaMillis: millis, ...(timeZone && { timeZone }) };
}

const TICKET_SOURCES: readonly WebhookSource[] = ['jira', 'github-issues'];

function readTicketField(
  config: Config | undefined,
  path: string,
  kinds: readonly TicketFieldSource['from'][],
): TicketFieldSource | undefined {
  if (!config) return undefined;
  const from = config.getString('from');
  if (!(kinds as readonly string[]).includes(from)) {
    throw new Error(
      `${path}.from must be one of ${kinds.join(', ')}, got "${from}"`,
    );
  }
  if (from === 'labelPrefix') {
    const prefix = config.getString('prefix');
    if (!prefix) throw new Error(`${path}.prefix must not be empty`);
    return { from, prefix };
  }
  if (from === 'field') {
    const field = config.getString('field');
    if (!field) throw new Error(`${path}.field must not be empty`);
    return { from, field };
  }
  return { from } as TicketFieldSource;
}

function readTicketMapping(
  c: Config,
  source: WebhookSource,
): TicketMapping | undefined {
  const path = `goldpath.dora.webhooks.${source}`;
  const jira = source === 'jira';
  const category = readTicketField(
    c.getOptionalConfig('category'),
    `${path}.category`,
    jira ? ['issueType', 'component', 'labelPrefix', 'field'] : ['labelPrefix'],
  );
  const team = readTicketField(
    c.getOptionalConfig('team'),
    `${path}.team`,
    jira ? ['labelPrefix', 'field'] : ['labelPrefix'],
  );
  if (!category && !team) return undefined;
  return { ...(category && { category }), ...(team && { team }) };
}

function readWebhooks(
  config: Config | undefined,
): DoraBackendConfig['webhooks'] {
  const webhooks = config?.getOptionalConfig('webhooks');
  const allowInsecure = webhooks?.getOptionalBoolean('allowInsecure') ?? false;
  const sources: DoraBackendConfig['webhooks']['sources'] = {};
  const ticketMappings: DoraBackendConfig['webhooks']['ticketMappings'] = {};
  const maxBodyBytes = { ...DOCUMENTED_MAX_BODY_BYTES };
  for (const key of webhooks?.keys() ?? []) {
    if (key === 'allowInsecure') continue;
    if (!(WEBHOOK_SOURCES as readonly string[]).includes(key)) {
      throw new Error(
        `goldpath.dora.webhooks.${key} is not a webhook source; known: ${WEBHOOK_SOURCES.join(
          ', ',
        )}`,
      );
    }
    const source = key as WebhookSource;
    const c = webhooks!.getConfig(source);
    const maxBodySize = c.getOptionalString('maxBodySize');
    if (maxBodySize !== undefined) {
      maxBodyBytes[source] = parseSize(
        maxBodySize,
        `goldpath.dora.webhooks.${source}.maxBodySize`,
      );
    }
    const secrets = [
      ...(c.getOptionalString('secret') ? [c.getString('secret')] : []),
      ...(c.getOptionalStringArray('secrets') ?? []),
    ];
    const secret: SourceSecrets = {
      ...(secrets.length ? { secrets } : {}),
      ...(c.getOptionalString('token') ? { token: c.getString('token') } : {}),
      ...(c.getOptionalString('tokenHeader')
        ? { tokenHeader: c.getString('tokenHeader').toLowerCase() }
        : {}),
      ...(c.getOptionalString('signingToken')
        ? { signingToken: c.getString('signingToken') }
        : {}),
    };
    if (
      !secret.secrets &&
      !secret.token &&
      !secret.signingToken &&
      !allowInsecure
    ) {
      throw new Error(
        `goldpath.dora.webhooks.${source} is enabled without a secret or token; set one, or set goldpath.dora.webhooks.allowInsecure: true for local development`,
      );
    }
    sources[source] = secret;
    if (TICKET_SOURCES.includes(source)) {
      const mapping = readTicketMapping(c, source);
      if (mapping) ticketMappings[source] = mapping;
    }
  }
  return { allowInsecure, sources, maxBodyBytes, ticketMappings };
}
