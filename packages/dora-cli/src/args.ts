/** Parsed command line: positional words and `--flag value` options. */
export interface ParsedArgs {
  positionals: string[];
  options: Map<string, string[]>;
}

/** Flags that take no value. */
const BOOLEAN_FLAGS = new Set(['help', 'skip-invalid', 'pretty']);

export class UsageError extends Error {}

/** Parses `--name value`, `--name=value` and boolean `--flag`s. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const positionals: string[] = [];
  const options = new Map<string, string[]>();
  const add = (name: string, value: string) =>
    options.set(name, [...(options.get(name) ?? []), value]);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    if (BOOLEAN_FLAGS.has(name)) {
      add(name, 'true');
    } else if (eq !== -1) {
      add(name, arg.slice(eq + 1));
    } else if (i + 1 < argv.length) {
      add(name, argv[++i]);
    } else {
      throw new UsageError(`--${name} needs a value`);
    }
  }
  return { positionals, options };
}

export function single(args: ParsedArgs, name: string): string | undefined {
  const values = args.options.get(name);
  if (values && values.length > 1) {
    throw new UsageError(`--${name} is given more than once`);
  }
  return values?.[0];
}

export function checkKnown(args: ParsedArgs, known: readonly string[]) {
  for (const name of args.options.keys()) {
    if (!known.includes(name)) {
      throw new UsageError(`unknown option --${name}`);
    }
  }
}
