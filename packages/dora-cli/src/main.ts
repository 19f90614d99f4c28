import { UsageError, parseArgs } from './args';
import { compute, computeHelp } from './commands/compute';
import { validate, validateHelp } from './commands/validate';
import { normalize, normalizeHelp } from './commands/normalize';
import { Io } from './io';

const COMMANDS = {
  compute: { run: compute, help: computeHelp },
  validate: { run: validate, help: validateHelp },
  normalize: { run: normalize, help: normalizeHelp },
};

const HELP = `Usage: dora <command> [options]

Goldpath's DORA engine on the command line, without Backstage.

Commands:
  compute    compute DORA scorecards from NDJSON events
  validate   report invalid lines of NDJSON events
  normalize  print the canonical events a webhook payload becomes

Run dora <command> --help for its options.
`;

/** Runs the CLI; resolves to the process exit code. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === 'help') {
    io.stdout(HELP);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name as keyof typeof COMMANDS];
  if (!command) {
    io.stderr(`dora: unknown command "${name}"\n\n${HELP}`);
    return 2;
  }
  try {
    const args = parseArgs(rest);
    if (args.options.has('help')) {
      io.stdout(command.help);
      return 0;
    }
    return await command.run(args, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`dora ${name}: ${e.message}\n\n${command.help}`);
      return 2;
    }
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') {
      io.stderr(`dora ${name}: no such file: ${err.path}\n`);
      return 2;
    }
    throw e;
  }
}
