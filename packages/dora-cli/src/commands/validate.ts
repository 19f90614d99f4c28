import { ParsedArgs, UsageError, checkKnown, single } from '../args';
import { Io } from '../io';
import { formatInvalid, readEvents } from '../ndjson';

export const validateHelp = `Usage: dora validate --input FILE|-

Checks NDJSON canonical events (docs/EVENTS.md): prints each invalid line with
its line number and the field paths at fault. Exits 1 when any line is invalid.
`;

export async function validate(args: ParsedArgs, io: Io): Promise<number> {
  checkKnown(args, ['input', 'help']);
  const input = single(args, 'input');
  if (!input) {
    throw new UsageError('--input FILE (or - for standard input) is required');
  }
  const { events, invalid } = await readEvents(input);
  if (invalid.length > 0) {
    io.stdout(`${formatInvalid(invalid)}\n`);
  }
  io.stdout(
    `${events.length} valid event(s), ${invalid.length} invalid line(s)\n`,
  );
  return invalid.length > 0 ? 1 : 0;
}
