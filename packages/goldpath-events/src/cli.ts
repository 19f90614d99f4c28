/**
 * The `goldpath-events` command line: argument parsing (no dependencies)
 * and the main function.
 */

import {
  Fetch,
  IngestResult,
  PolicyReportQuery,
  eventsEndpoint,
  formatFailure,
  policyReportUrl,
  policyReportsEndpoint,
  postEvents,
  postPolicyReport,
  redact,
} from './client';
import {
  Env,
  POLICY_SOURCE_PATTERN,
  defaultPolicySource,
  defaultRepository,
  detectContext,
} from './context';
import { UsageError } from './errors';
import {
  ENVIRONMENT_TIERS,
  EnvironmentTier,
  EventInput,
  INCIDENT_STATUSES,
  IncidentStatus,
  LatencyBucket,
  OUTCOMES,
  Outcome,
  buildEvent,
} from './events';
import {
  POLICY_FORMATS,
  PolicyFormat,
  Stdin,
  checkReport,
  dryRunText,
  policyEntityRef,
  policySummary,
  readReport,
} from './policy';

/** Where the command writes: the process's streams, or a buffer in tests. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** What {@link main} needs from the outside world; injectable for tests. */
export interface MainOptions {
  env: Env;
  io: Io;
  fetch?: Fetch;
  sleep?: (ms: number) => Promise<void>;
  now?: () => Date;
  random?: () => number;
  /** Read by `policy ... -`; `process.stdin` in the command. */
  stdin?: Stdin;
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

const DEFAULT_TIMEOUT_MS = 10_000;
/** Reports are larger than events, and the backend parses them in one go. */
const POLICY_TIMEOUT_MS = 30_000;
const DEFAULT_RETRIES = 5;
const MAX_RETRIES = 20;

type FlagKind = 'string' | 'boolean' | 'list';

/** The options of every command: where and how to send. */
const TRANSPORT_FLAGS: Record<string, FlagKind> = {
  url: 'string',
  token: 'string',
  'dry-run': 'boolean',
  timeout: 'string',
  retries: 'string',
  help: 'boolean',
};

/** The options of every event command. */
const COMMON_FLAGS: Record<string, FlagKind> = {
  ...TRANSPORT_FLAGS,
  attribute: 'list',
};

const COMMAND_FLAGS = {
  deployment: {
    service: 'string',
    environment: 'string',
    'environment-tier': 'string',
    outcome: 'string',
    'deployment-id': 'string',
    commit: 'string',
    'started-at': 'string',
    'finished-at': 'string',
    rollback: 'boolean',
    hotfix: 'boolean',
    'remediates-incident': 'string',
  },
  change: {
    service: 'string',
    commit: 'string',
    'change-id': 'string',
    'merged-at': 'string',
    'authored-at': 'string',
  },
  build: {
    service: 'string',
    outcome: 'string',
    'pipeline-id': 'string',
    commit: 'string',
    'started-at': 'string',
    'finished-at': 'string',
  },
  incident: {
    service: 'string',
    'incident-id': 'string',
    status: 'string',
    'opened-at': 'string',
    'resolved-at': 'string',
    'caused-by-deployment': 'string',
    severity: 'string',
  },
  'model-health': {
    service: 'string',
    model: 'string',
    'model-version': 'string',
    'data-drift': 'string',
    'drift-threshold': 'string',
    'drift-method': 'string',
    accuracy: 'string',
    'accuracy-metric': 'string',
    'sample-size': 'string',
    'latency-buckets': 'string',
    'latency-sum': 'string',
    'latency-count': 'string',
    'measured-at': 'string',
    'window-start': 'string',
  },
} satisfies Record<string, Record<string, FlagKind>>;

/** A command that sends one delivery event. */
export type EventCommand = keyof typeof COMMAND_FLAGS;

const POLICY_FLAGS: Record<string, FlagKind> = {
  ...TRANSPORT_FLAGS,
  format: 'string',
  entity: 'string',
  source: 'string',
  repository: 'string',
};

export type Command = EventCommand | 'policy';

const COMMON_HELP = `Common options:
  --url URL            Backstage backend base URL (env GOLDPATH_URL)
  --token TOKEN        static external-access token (env GOLDPATH_TOKEN; prefer the env)
  --dry-run            print the JSON that would be sent; send nothing
  --timeout 10s        per attempt (ms, s or m; a bare number is seconds)
  --retries 5          further attempts on network errors, 408, 429 and 5xx
  --attribute k=v      extra attribute; repeatable
  --help               this help

Context is read from GitHub Actions, GitLab CI, or GOLDPATH_COMMIT_SHA,
GOLDPATH_PIPELINE_ID and GOLDPATH_ACTOR. Exit codes: 0 sent, 1 rejected or
failed, 2 usage error.
`;

const HELP: Record<EventCommand, string> = {
  deployment: `Usage: goldpath-events deployment --service NAME --environment ENV --outcome OUTCOME [options]

A deployment of a service to an environment (send in_progress before the
deploy step and success/failure/cancelled after it).

  --service NAME               catalog entity: checkout or component:default/checkout
  --environment ENV            e.g. production (GitLab: defaults to CI_ENVIRONMENT_NAME)
  --outcome OUTCOME            success | failure | cancelled | in_progress
  --deployment-id ID           default <run or pipeline id>:<environment>[:rollback]
  --environment-tier TIER      production | staging | testing | development | other
  --commit SHA                 deployed commit (default from CI)
  --started-at ISO             default: the time of the in_progress event
  --finished-at ISO            default: now
  --rollback                   this deployment rolls back
  --hotfix                     this deployment is a hotfix
  --remediates-incident ID     the incident this deployment fixes

${COMMON_HELP}`,
  change: `Usage: goldpath-events change --service NAME [options]

A change reaching the default branch (for repositories without webhooks).

  --service NAME               catalog entity: checkout or component:default/checkout
  --commit SHA                 merge (or pushed) commit (default from CI)
  --change-id ID               pull/merge request number or URL
  --merged-at ISO              default: now
  --authored-at ISO            first commit's author time (starts lead time)

${COMMON_HELP}`,
  build: `Usage: goldpath-events build --service NAME --outcome OUTCOME [options]

A CI pipeline run.

  --service NAME               catalog entity: checkout or component:default/checkout
  --outcome OUTCOME            success | failure | cancelled | in_progress
  --pipeline-id ID             default: the run or pipeline id
  --commit SHA                 default from CI
  --started-at ISO
  --finished-at ISO            default: now

${COMMON_HELP}`,
  incident: `Usage: goldpath-events incident --service NAME --incident-id ID --status STATUS [options]

A production incident of the service (opened, resolved).

  --service NAME               catalog entity: checkout or component:default/checkout
  --incident-id ID             e.g. INC-1
  --status STATUS              open | resolved
  --opened-at ISO
  --resolved-at ISO
  --caused-by-deployment ID    the deploymentId that caused it
  --severity S                 e.g. SEV1

${COMMON_HELP}`,
  'model-health': `Usage: goldpath-events model-health --service NAME --model NAME [measurements] [options]

Health telemetry of a served ML model (a Goldpath addition to the DORA
events, shown on the entity's model-health card; DORA metrics ignore it).
At least one of --data-drift, --accuracy or --latency-buckets.

  --service NAME               catalog entity serving the model: fraud-detector
  --model NAME                 the model's name in the model registry
  --model-version V            the served model version
  --data-drift SCORE           drift score (>= 0), e.g. PSI 0.12
  --drift-threshold T          the score above which drift is a breach
  --drift-method M             psi | ks | js | another method's name
  --accuracy VALUE             0 to 1, measured on labelled samples
  --accuracy-metric M          what VALUE measures: accuracy, auc, f1 ...
  --sample-size N              labelled samples behind --accuracy
  --latency-buckets LIST       cumulative histogram, seconds, ascending,
                               ending with +Inf: "0.05=120,0.1=300,+Inf=420"
  --latency-sum S              sum of the observed latencies (seconds)
  --latency-count N            observations (the +Inf count)
  --measured-at ISO            end of the measured window; default: now
  --window-start ISO           start of the measured window

${COMMON_HELP}`,
};

const POLICY_HELP = `Usage: goldpath-events policy --format conftest|sarif --entity REF [options] FILE|-

Posts a pipeline's policy results, unchanged, to the Goldpath policy
backend (POST <url>/api/policy/reports). FILE is the report; - reads it from
standard input. It must be JSON: the array \`conftest test -o json\` writes,
or a SARIF 2.1.0 log; at most 10 MB.

  --format FORMAT      conftest | sarif
  --entity REF         the catalog entity every result is about:
                       component:default/checkout (checkout means that too)
  --source NAME        the pipeline that produced the report; its latest
                       report replaces its previous one. Default on GitHub
                       Actions github-actions:<repository>/<workflow>, on
                       GitLab CI gitlab-ci:<project>/<job>; required elsewhere
  --repository R       the repository the report's files are in (owner/name).
                       Default: GITHUB_REPOSITORY or CI_PROJECT_PATH

Options:
  --url URL            Backstage backend base URL (env GOLDPATH_URL)
  --token TOKEN        static external-access token (env GOLDPATH_TOKEN; prefer the env)
  --dry-run            print the request (method, URL, size, start of the
                       report); send nothing
  --timeout 30s        per attempt (ms, s or m; a bare number is seconds)
  --retries 5          further attempts on network errors, 408, 429 and 5xx
  --help               this help

Exit codes: 0 sent, 1 refused or failed, 2 usage error or not a report
(nothing sent).
`;

export const USAGE = `Usage: goldpath-events <command> [options]

Send delivery events and policy results from a CI/CD pipeline to Goldpath
(Backstage DORA and policy).

Commands:
  deployment   a deployment of a service to an environment
  change       a change reaching the default branch
  build        a CI pipeline run
  incident     a production incident (open, resolved)
  model-health health of a served ML model (drift, accuracy, latency)
  policy       a pipeline's policy results (Conftest JSON output, SARIF)

Run goldpath-events <command> --help for its options.
`;

function isEventCommand(name: string | undefined): name is EventCommand {
  return (
    name !== undefined &&
    Object.prototype.hasOwnProperty.call(COMMAND_FLAGS, name)
  );
}

function isCommand(name: string | undefined): name is Command {
  return name === 'policy' || isEventCommand(name);
}

function flagsOf(command: Command): Record<string, FlagKind> {
  return command === 'policy'
    ? POLICY_FLAGS
    : { ...COMMON_FLAGS, ...COMMAND_FLAGS[command] };
}

/** How many operands (`FILE`) a command takes. */
function operandsOf(command: Command): number {
  return command === 'policy' ? 1 : 0;
}

/** Values of `--token` on a command line (to keep them out of messages). */
function tokenArguments(argv: readonly string[]): string[] {
  const tokens: string[] = [];
  argv.forEach((arg, i) => {
    if (arg === '--token' && i + 1 < argv.length) tokens.push(argv[i + 1]);
    else if (arg.startsWith('--token=')) tokens.push(arg.slice(8));
  });
  return tokens;
}

/** The options of one command line, by flag name. */
export interface ParsedArgs {
  command: Command;
  values: Map<string, string[]>;
  /** The arguments that are no option: the report file of `policy`. */
  operands?: string[];
}

/**
 * Parses `<command> --flag value --flag=value --switch [FILE]`. A value
 * that starts with `--` is taken as a missing value (an empty shell
 * variable), so write `--flag=--value` if you mean it. Only `policy` takes
 * an operand (its report file, or `-`).
 */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const [name, ...rest] = argv;
  if (!isCommand(name)) {
    throw new UsageError(
      name ? `unknown command "${name}"` : 'no command given',
    );
  }
  const command = name as Command;
  const kinds = flagsOf(command);
  const values = new Map<string, string[]>();
  const operands: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '-h') {
      values.set('help', ['true']);
      continue;
    }
    if (!arg.startsWith('--') || arg === '--') {
      if (arg !== '--' && operands.length < operandsOf(command)) {
        operands.push(arg);
        continue;
      }
      throw new UsageError(
        `unexpected argument "${arg}"${
          operands.length ? ` (the report is "${operands[0]}")` : ''
        }`,
      );
    }
    const eq = arg.indexOf('=');
    const flag = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    const kind = kinds[flag];
    if (!kind) {
      throw new UsageError(`unknown option --${flag} for ${command}`);
    }
    let value: string;
    if (kind === 'boolean') {
      value = eq === -1 ? 'true' : arg.slice(eq + 1);
      if (value !== 'true' && value !== 'false') {
        throw new UsageError(`--${flag} takes no value (or =true / =false)`);
      }
    } else if (eq !== -1) {
      value = arg.slice(eq + 1);
    } else if (i + 1 < rest.length && !rest[i + 1].startsWith('--')) {
      value = rest[++i];
    } else {
      throw new UsageError(`--${flag} needs a value`);
    }
    if (kind !== 'boolean' && value.trim() === '') {
      throw new UsageError(`--${flag} needs a value (it is empty)`);
    }
    const previous = values.get(flag);
    if (previous && kind !== 'list') {
      throw new UsageError(`--${flag} is given more than once`);
    }
    values.set(flag, [...(previous ?? []), value]);
  }
  return operands.length ? { command, values, operands } : { command, values };
}

const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|z|[+-]\d{2}(?::?\d{2})?)$/;
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * An ISO 8601 date-time with an offset as a canonical UTC string, or
 * undefined (the same rules as the backend: no date-only or local times).
 */
export function parseIsoInstant(value: string): string | undefined {
  const m = ISO_DATE_TIME.exec(value.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, offset] = m;
  const [year, month, day, hour, minute] = [y, mo, d, h, mi].map(Number);
  const second = s === undefined ? 0 : Number(s);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > DAYS_IN_MONTH[month - 1] ||
    (month === 2 && day === 29 && !leap) ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return undefined;
  }
  let offsetMinutes = 0;
  if (offset !== 'Z' && offset !== 'z') {
    const digits = offset.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (oh > 23 || om > 59) return undefined;
    offsetMinutes = (offset[0] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const millis = frac ? Number(frac.padEnd(3, '0').slice(0, 3)) : 0;
  const epoch =
    Date.UTC(year, month - 1, day, hour, minute, second, millis) -
    offsetMinutes * 60_000;
  return new Date(epoch).toISOString();
}

/** `10s`, `500ms`, `1m` or a bare number of seconds, in ms. */
export function parseDuration(value: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m)?$/.exec(value.trim());
  if (!m) return undefined;
  const factor = { ms: 1, s: 1000, m: 60_000 }[m[2] ?? 's']!;
  const ms = Math.round(Number(m[1]) * factor);
  return ms > 0 ? ms : undefined;
}

class Flags {
  constructor(private readonly args: ParsedArgs) {}

  string(name: string): string | undefined {
    return this.args.values.get(name)?.[0]?.trim();
  }

  required(name: string): string {
    const value = this.string(name);
    if (value === undefined) {
      throw new UsageError(`--${name} is required`);
    }
    return value;
  }

  boolean(name: string): boolean {
    return this.string(name) === 'true';
  }

  list(name: string): string[] {
    return this.args.values.get(name) ?? [];
  }

  oneOf<T extends string>(
    name: string,
    allowed: readonly T[],
    value = this.string(name),
  ): T | undefined {
    if (value === undefined) return undefined;
    if (!allowed.includes(value as T)) {
      throw new UsageError(
        `--${name} must be one of ${allowed.join(', ')} (got "${value}")`,
      );
    }
    return value as T;
  }

  number(
    name: string,
    limits: { min?: number; max?: number; integer?: boolean } = {},
  ): number | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    const n = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(value)
      ? Number(value)
      : NaN;
    const { min, max, integer } = limits;
    if (
      !Number.isFinite(n) ||
      (integer && !Number.isInteger(n)) ||
      (min !== undefined && n < min) ||
      (max !== undefined && n > max)
    ) {
      let range = '';
      if (min !== undefined && max !== undefined) {
        range = ` from ${min} to ${max}`;
      } else if (min !== undefined) {
        range = ` >= ${min}`;
      }
      throw new UsageError(
        `--${name} must be a ${
          integer ? 'whole number' : 'number'
        }${range} (got "${value}")`,
      );
    }
    return n;
  }

  /** `--latency-buckets "0.05=120,0.1=300,+Inf=420"`: cumulative, ascending. */
  buckets(name: string): LatencyBucket[] | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    const buckets: LatencyBucket[] = [];
    for (const part of value.split(',')) {
      const [le, count, extra] = part.split('=').map(p => p.trim());
      const n = /^\d+$/.test(count ?? '') ? Number(count) : NaN;
      let bound: number | '+Inf' = NaN;
      if (['+Inf', 'Inf', '+inf', 'inf'].includes(le ?? '')) {
        bound = '+Inf';
      } else if (/^(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(le ?? '')) {
        bound = Number(le);
      }
      if (
        extra !== undefined ||
        !Number.isSafeInteger(n) ||
        Number.isNaN(bound)
      ) {
        throw new UsageError(
          `--${name} must be le=count pairs like "0.05=120,0.1=300,+Inf=420" (got "${part}")`,
        );
      }
      const prev = buckets[buckets.length - 1];
      if (
        prev &&
        (prev.le === '+Inf' || (bound !== '+Inf' && bound <= prev.le))
      ) {
        throw new UsageError(
          `--${name}: bounds must be ascending, ending with +Inf (got ${le} after ${prev.le})`,
        );
      }
      if (prev && n < prev.count) {
        throw new UsageError(
          `--${name}: counts are cumulative, so ${le}=${n} cannot be below ${prev.le}=${prev.count}`,
        );
      }
      buckets.push({ le: bound, count: n });
    }
    if (buckets[buckets.length - 1]?.le !== '+Inf') {
      throw new UsageError(
        `--${name} must end with a +Inf bucket, e.g. +Inf=420`,
      );
    }
    return buckets;
  }

  time(name: string): string | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    const iso = parseIsoInstant(value);
    if (!iso) {
      throw new UsageError(
        `--${name}: "${value}" is not an ISO 8601 date-time with an offset (e.g. 2024-05-01T12:00:00Z)`,
      );
    }
    return iso;
  }

  attributes(): Record<string, string> | undefined {
    const attributes: Record<string, string> = {};
    for (const pair of this.list('attribute')) {
      const eq = pair.indexOf('=');
      const key = eq === -1 ? '' : pair.slice(0, eq).trim();
      if (!key) {
        throw new UsageError(`--attribute must be key=value (got "${pair}")`);
      }
      if (key.length > 128) {
        throw new UsageError(
          `--attribute: key "${key}" is over 128 characters`,
        );
      }
      const value = pair.slice(eq + 1);
      if (value.length > 4096) {
        throw new UsageError(
          `--attribute: the value of "${key}" is over 4096 characters`,
        );
      }
      attributes[key] = value;
    }
    return Object.keys(attributes).length > 0 ? attributes : undefined;
  }
}

/** The event the command line describes (validated; times canonical). */
export function eventInput(args: ParsedArgs): EventInput {
  const f = new Flags(args);
  const service = f.required('service');
  const attributes = f.attributes();
  const common = { service, ...(attributes ? { attributes } : {}) };
  switch (args.command) {
    case 'deployment':
      return {
        type: 'deployment',
        ...common,
        outcome: f.oneOf<Outcome>('outcome', OUTCOMES, f.required('outcome'))!,
        environment: f.string('environment'),
        environmentTier: f.oneOf<EnvironmentTier>(
          'environment-tier',
          ENVIRONMENT_TIERS,
        ),
        deploymentId: f.string('deployment-id'),
        commitSha: f.string('commit'),
        startedAt: f.time('started-at'),
        finishedAt: f.time('finished-at'),
        rollback: f.boolean('rollback'),
        hotfix: f.boolean('hotfix'),
        remediatesIncidentId: f.string('remediates-incident'),
      };
    case 'change':
      return {
        type: 'change',
        ...common,
        commitSha: f.string('commit'),
        changeId: f.string('change-id'),
        mergedAt: f.time('merged-at'),
        authoredAt: f.time('authored-at'),
      };
    case 'build':
      return {
        type: 'build',
        ...common,
        outcome: f.oneOf<Outcome>('outcome', OUTCOMES, f.required('outcome'))!,
        pipelineId: f.string('pipeline-id'),
        commitSha: f.string('commit'),
        startedAt: f.time('started-at'),
        finishedAt: f.time('finished-at'),
      };
    case 'incident':
      return {
        type: 'incident',
        ...common,
        incidentId: f.required('incident-id'),
        status: f.oneOf<IncidentStatus>(
          'status',
          INCIDENT_STATUSES,
          f.required('status'),
        )!,
        openedAt: f.time('opened-at'),
        resolvedAt: f.time('resolved-at'),
        causedByDeploymentId: f.string('caused-by-deployment'),
        severity: f.string('severity'),
      };
    case 'model-health': {
      const score = f.number('data-drift', { min: 0 });
      const threshold = f.number('drift-threshold', { min: 0 });
      const method = f.string('drift-method');
      if (score === undefined && (threshold !== undefined || method)) {
        throw new UsageError(
          '--drift-threshold and --drift-method need --data-drift',
        );
      }
      const value = f.number('accuracy', { min: 0, max: 1 });
      const metric = f.string('accuracy-metric');
      const sampleSize = f.number('sample-size', { min: 0, integer: true });
      if (value === undefined && (metric || sampleSize !== undefined)) {
        throw new UsageError(
          '--accuracy-metric and --sample-size need --accuracy',
        );
      }
      const buckets = f.buckets('latency-buckets');
      const sum = f.number('latency-sum', { min: 0 });
      const count = f.number('latency-count', { min: 0, integer: true });
      if (!buckets && (sum !== undefined || count !== undefined)) {
        throw new UsageError(
          '--latency-sum and --latency-count need --latency-buckets',
        );
      }
      if (buckets && count !== undefined) {
        const total = buckets[buckets.length - 1].count;
        if (count !== total) {
          throw new UsageError(
            `--latency-count (${count}) must equal the +Inf bucket's count (${total})`,
          );
        }
      }
      return {
        type: 'model_health',
        ...common,
        model: f.required('model'),
        modelVersion: f.string('model-version'),
        dataDrift:
          score === undefined
            ? undefined
            : {
                score,
                ...(threshold !== undefined ? { threshold } : {}),
                ...(method ? { method } : {}),
              },
        accuracy:
          value === undefined
            ? undefined
            : {
                value,
                ...(metric ? { metric } : {}),
                ...(sampleSize !== undefined ? { sampleSize } : {}),
              },
        latency: buckets
          ? {
              buckets,
              ...(sum !== undefined ? { sum } : {}),
              ...(count !== undefined ? { count } : {}),
            }
          : undefined,
        measuredAt: f.time('measured-at'),
        windowStart: f.time('window-start'),
      };
    }
    default:
      throw new UsageError(`unknown command "${args.command}"`);
  }
}

/** Where and how to send, from flags and the environment. */
export interface Delivery {
  dryRun: boolean;
  endpoint?: string;
  token?: string;
  timeoutMs: number;
  retries: number;
}

/**
 * Where and how to send, from flags and the environment: the events
 * endpoint, or for `policy` the policy reports endpoint (without the query).
 */
export function delivery(args: ParsedArgs, env: Env): Delivery {
  const f = new Flags(args);
  const dryRun = f.boolean('dry-run');
  const timeoutFlag = f.string('timeout');
  const defaultTimeoutMs =
    args.command === 'policy' ? POLICY_TIMEOUT_MS : DEFAULT_TIMEOUT_MS;
  const timeoutMs =
    timeoutFlag === undefined ? defaultTimeoutMs : parseDuration(timeoutFlag);
  if (timeoutMs === undefined) {
    throw new UsageError(
      `--timeout must be a duration such as 10s, 500ms or 1m (got "${timeoutFlag}")`,
    );
  }
  const retriesFlag = f.string('retries');
  const retries =
    retriesFlag === undefined ? DEFAULT_RETRIES : Number(retriesFlag);
  if (!Number.isInteger(retries) || retries < 0 || retries > MAX_RETRIES) {
    throw new UsageError(
      `--retries must be a whole number from 0 to ${MAX_RETRIES} (got "${retriesFlag}")`,
    );
  }
  const url = f.string('url') ?? env.GOLDPATH_URL?.trim();
  const token = f.string('token') ?? env.GOLDPATH_TOKEN?.trim();
  let endpoint: string | undefined;
  if (url) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new UsageError(`--url: "${url}" is not a URL`);
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
      throw new UsageError(`--url must be an http(s) URL (got "${url}")`);
    }
    endpoint =
      args.command === 'policy'
        ? policyReportsEndpoint(url)
        : eventsEndpoint(url);
  }
  if (!dryRun) {
    if (!endpoint) {
      throw new UsageError(
        'no backend URL: pass --url or set GOLDPATH_URL (or use --dry-run)',
      );
    }
    if (!token) {
      throw new UsageError(
        'no token: set GOLDPATH_TOKEN (or pass --token), or use --dry-run',
      );
    }
  }
  return {
    dryRun,
    timeoutMs,
    retries,
    ...(endpoint ? { endpoint } : {}),
    ...(token ? { token } : {}),
  };
}

/** What `policy` sends, from the command line and the CI context. */
export interface PolicyRequest {
  format: PolicyFormat;
  /** The report's file, or `-` for standard input. */
  file: string;
  query: PolicyReportQuery;
}

/** The report and query the `policy` command line describes (validated). */
export function policyInput(args: ParsedArgs, env: Env): PolicyRequest {
  const f = new Flags(args);
  const format = f.oneOf<PolicyFormat>(
    'format',
    POLICY_FORMATS,
    f.required('format'),
  )!;
  const entity = policyEntityRef(f.required('entity'));
  let source = f.string('source');
  if (source === undefined) {
    const derived = defaultPolicySource(env);
    if (!derived.value) {
      throw new UsageError(
        `--source is required: ${derived.missing} gives no default (e.g. --source jenkins:acme/checkout/preflight)`,
      );
    }
    source = derived.value;
  } else if (!POLICY_SOURCE_PATTERN.test(source)) {
    throw new UsageError(
      `--source must be 1 to 128 letters, digits or . _ : / @ -, starting with a letter or digit (got "${source}")`,
    );
  }
  const repository = f.string('repository') ?? defaultRepository(env);
  const file = args.operands?.[0];
  if (file === undefined || file.trim() === '') {
    throw new UsageError(
      'no report given: name its file, or - to read it from standard input',
    );
  }
  return {
    format,
    file,
    query: { format, entity, source, ...(repository ? { repository } : {}) },
  };
}

function retryReporter(io: Io, retries: number) {
  return ({
    attempt,
    delayMs,
    why,
  }: {
    attempt: number;
    delayMs: number;
    why: string;
  }) =>
    io.stderr(
      `goldpath-events: attempt ${attempt} of ${
        retries + 1
      } failed: ${why}; retrying in ${(delayMs / 1000).toFixed(1)}s\n`,
    );
}

/** `goldpath-events policy`: check the report, then send it unchanged. */
async function runPolicy(
  args: ParsedArgs,
  options: MainOptions,
  io: Io,
): Promise<number> {
  const request = policyInput(args, options.env);
  const how = delivery(args, options.env);
  const input = await readReport(request.file, options.stdin);
  const text = checkReport(input, request.format);
  const url = policyReportUrl(
    how.endpoint ?? '<GOLDPATH_URL>/api/policy/reports',
    request.query,
  );
  if (how.dryRun) {
    io.stdout(
      dryRunText({
        url,
        hasToken: how.token !== undefined,
        bytes: input.bytes.length,
        text,
      }),
    );
    return EXIT_OK;
  }
  const result = await postPolicyReport(input.bytes, {
    endpoint: url,
    token: how.token!,
    timeoutMs: how.timeoutMs,
    retries: how.retries,
    fetch: options.fetch,
    sleep: options.sleep,
    random: options.random,
    onRetry: retryReporter(io, how.retries),
  });
  if (!result.ok) {
    io.stderr(
      `goldpath-events: ${request.format} report ${input.name} not sent: ${result.message}\n`,
    );
    return EXIT_FAILED;
  }
  const { entity } = request.query;
  io.stdout(`goldpath-events: ${policySummary(result.result, entity)}\n`);
  for (const reason of result.result.skipped) {
    io.stderr(`goldpath-events: note: ${reason}\n`);
  }
  if (result.result.unmapped > 0) {
    io.stderr(
      `goldpath-events: ${result.result.unmapped} result${
        result.result.unmapped === 1 ? ' is' : 's are'
      } kept unmapped until the catalog knows their entity: is ${entity} in the catalog?\n`,
    );
  }
  return EXIT_OK;
}

function summary(result: IngestResult): string {
  let text = `accepted ${result.accepted}, duplicates ${result.duplicates}`;
  if (result.optedOut > 0) text += `, opted out ${result.optedOut}`;
  if (result.rejected.length > 0)
    text += `, rejected ${result.rejected.length}`;
  return text;
}

/** Runs the command line; resolves to the exit code. Never prints the token. */
export async function main(
  argv: readonly string[],
  options: MainOptions,
): Promise<number> {
  const { env } = options;
  const [name] = argv;
  if (!name) {
    options.io.stderr(USAGE);
    return EXIT_USAGE;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    options.io.stdout(USAGE);
    return EXIT_OK;
  }
  const secrets = [env.GOLDPATH_TOKEN, ...tokenArguments(argv)]
    .map(t => t?.trim())
    .filter((t): t is string => !!t);
  const hide = (text: string) =>
    secrets.reduce((out, secret) => redact(out, secret), text);
  const io: Io = {
    stdout: text => options.io.stdout(hide(text)),
    stderr: text => options.io.stderr(hide(text)),
  };
  try {
    const args = parseArgs(argv);
    if (args.values.has('help')) {
      io.stdout(args.command === 'policy' ? POLICY_HELP : HELP[args.command]);
      return EXIT_OK;
    }
    if (args.command === 'policy') {
      return await runPolicy(args, options, io);
    }
    const input = eventInput(args);
    const how = delivery(args, env);
    const event = buildEvent(
      input,
      detectContext(env),
      options.now?.() ?? new Date(),
    );
    if (how.dryRun) {
      io.stdout(`${JSON.stringify({ events: [event] }, null, 2)}\n`);
      return EXIT_OK;
    }
    const result = await postEvents([event], {
      endpoint: how.endpoint!,
      token: how.token!,
      timeoutMs: how.timeoutMs,
      retries: how.retries,
      fetch: options.fetch,
      sleep: options.sleep,
      random: options.random,
      onRetry: retryReporter(io, how.retries),
    });
    const label = `${event.type} ${event.id}`;
    if (!result.ok) {
      io.stderr(
        `goldpath-events: ${label} not sent: ${formatFailure(result).join(
          '\n',
        )}\n`,
      );
      return EXIT_FAILED;
    }
    const rejected = result.result.rejected;
    if (rejected.length > 0) {
      io.stderr(
        `goldpath-events: ${label}: ${summary(result.result)}\n${formatFailure({
          ok: false,
          reason: 'rejected',
          message: 'some events were rejected',
          rejected,
          attempts: result.attempts,
        }).join('\n')}\n`,
      );
      return EXIT_FAILED;
    }
    io.stdout(`goldpath-events: ${label}: ${summary(result.result)}\n`);
    if (result.result.optedOut > 0) {
      io.stdout(
        'goldpath-events: the service has opted out of delivery metrics: nothing was stored\n',
      );
    }
    return EXIT_OK;
  } catch (e) {
    if (e instanceof UsageError) {
      const command = isCommand(argv[0]) ? argv[0] : undefined;
      io.stderr(
        `goldpath-events${command ? ` ${command}` : ''}: ${
          e.message
        }\nRun goldpath-events ${command ?? ''}${
          command ? ' ' : ''
        }--help for usage.\n`,
      );
      return EXIT_USAGE;
    }
    throw e;
  }
}
