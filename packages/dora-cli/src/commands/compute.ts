import {
  DoraEngineOptions,
  computeScorecards,
  parseInstant,
  parseWindowDays,
} from '@goldpath/plugin-dora-common';
import { ParsedArgs, UsageError, checkKnown, single } from '../args';
import { formatInvalid, readEvents } from '../ndjson';
import { Io } from '../io';

const ENGINE_OPTIONS: Record<
  string,
  (value: string) => Partial<DoraEngineOptions>
> = {
  median: v => ({ median: v as DoraEngineOptions['median'] }),
  rounding: v => ({ rounding: v as DoraEngineOptions['rounding'] }),
  attribution: v => ({ attribution: v as DoraEngineOptions['attribution'] }),
  productionDefault: v => ({
    productionDefault: v as DoraEngineOptions['productionDefault'],
  }),
  productionPattern: v => ({ productionPattern: v }),
  reworkPattern: v => ({ reworkPattern: v }),
  benchmark: v => ({ benchmark: v }),
  correlationToleranceMinutes: v => {
    const minutes = Number(v);
    if (v.trim() === '' || !Number.isFinite(minutes)) {
      throw new UsageError(
        `--option correlationToleranceMinutes must be a number of minutes, got "${v}"`,
      );
    }
    return { correlationToleranceMinutes: minutes };
  },
  trends: v => {
    if (v !== 'true' && v !== 'false') {
      throw new UsageError(`--option trends must be true or false, got "${v}"`);
    }
    return { trends: v === 'true' };
  },
};

export const computeHelp = `Usage: dora compute --input FILE|- [--as-of ISO] [--window 90d] [--option name=value ...]

Computes DORA scorecards from NDJSON canonical events (docs/EVENTS.md) and prints
one JSON document (docs/METRICS.md), without Backstage or a database.

  --input FILE|-        NDJSON events; - reads standard input
  --as-of ISO           end of the window (exclusive), e.g. 2024-06-01T00:00:00Z; default now
  --window 90d          window length in whole days or weeks (90d, 12w); default 90d
  --option name=value   engine options, repeatable:
                          median=interpolated|lower   rounding=none|minuteCeil
                          attribution=strict|inclusive productionDefault=pattern|all
                          productionPattern=REGEX      reworkPattern=REGEX
                          benchmark=dora-2023|dora-2023-rework  trends=true|false (default false)
                          correlationToleranceMinutes=N (default 30; 0: every report counts)
  --skip-invalid        compute from the valid lines when some are invalid
  --pretty              indent the JSON
`;

export async function compute(args: ParsedArgs, io: Io): Promise<number> {
  checkKnown(args, [
    'input',
    'as-of',
    'window',
    'option',
    'skip-invalid',
    'pretty',
    'help',
  ]);
  const input = single(args, 'input');
  if (!input) {
    throw new UsageError('--input FILE (or - for standard input) is required');
  }
  const options: DoraEngineOptions = { trends: false };
  const asOfText = single(args, 'as-of');
  if (asOfText !== undefined) {
    options.asOf = parseInstant(asOfText);
    if (options.asOf === undefined) {
      throw new UsageError(
        `--as-of must be an ISO 8601 date-time with an offset, got "${asOfText}"`,
      );
    }
  }
  const windowText = single(args, 'window') ?? '90d';
  options.windowDays = parseWindowDays(windowText);
  if (options.windowDays === undefined) {
    throw new UsageError(
      `--window must be whole days or weeks like 90d or 12w, got "${windowText}"`,
    );
  }
  for (const option of args.options.get('option') ?? []) {
    const eq = option.indexOf('=');
    const name = eq === -1 ? option : option.slice(0, eq);
    const apply = ENGINE_OPTIONS[name];
    if (eq === -1 || !apply) {
      throw new UsageError(
        `--option takes name=value with name one of ${Object.keys(
          ENGINE_OPTIONS,
        ).join(', ')}; got "${option}"`,
      );
    }
    Object.assign(options, apply(option.slice(eq + 1)));
  }

  const { events, invalid } = await readEvents(input);
  if (invalid.length > 0) {
    io.stderr(`${formatInvalid(invalid)}\n`);
    if (!args.options.has('skip-invalid')) {
      io.stderr(
        `${invalid.length} invalid line(s); fix them (dora validate lists them) or pass --skip-invalid\n`,
      );
      return 1;
    }
    io.stderr(`skipped ${invalid.length} invalid line(s)\n`);
  }
  let report;
  try {
    report = computeScorecards(events, options);
  } catch (e) {
    if (e instanceof RangeError) throw new UsageError(e.message);
    throw e;
  }
  io.stdout(
    `${JSON.stringify(
      report,
      null,
      args.options.has('pretty') ? 2 : undefined,
    )}\n`,
  );
  return 0;
}
