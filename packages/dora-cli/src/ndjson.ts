import fs from 'node:fs';
import readline from 'node:readline';
import {
  DeliveryEvent,
  FieldError,
  validateDeliveryEvent,
} from '@goldpath/plugin-dora-common';

/** One invalid line of an NDJSON input. */
export interface InvalidLine {
  line: number;
  errors: FieldError[];
}

/**
 * Reads NDJSON canonical events from a file or `-` (stdin), line by line,
 * validating each; blank lines are skipped.
 */
export async function readEvents(
  input: string,
  options: { now?: number } = {},
): Promise<{ events: DeliveryEvent[]; invalid: InvalidLine[]; lines: number }> {
  const stream =
    input === '-' ? process.stdin : fs.createReadStream(input, 'utf8');
  const opened = new Promise<void>((resolve, reject) => {
    if (input === '-') resolve();
    stream.once('error', reject);
    stream.once('open', () => resolve());
  });
  await opened;
  const events: DeliveryEvent[] = [];
  const invalid: InvalidLine[] = [];
  let line = 0;
  const now = options.now ?? Date.now();
  for await (const text of readline.createInterface({
    input: stream,
    crlfDelay: Infinity,
  })) {
    line++;
    if (text.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      invalid.push({
        line,
        errors: [
          { path: '', message: `not valid JSON: ${(e as Error).message}` },
        ],
      });
      continue;
    }
    // A fixed, far horizon: an export's events are judged on content, not on
    // the clock of the machine replaying them.
    const result = validateDeliveryEvent(parsed, {
      now,
      maxFutureMillis: 100 * 365 * 86_400_000,
    });
    if (result.ok) {
      events.push(result.event);
    } else {
      invalid.push({ line, errors: result.errors });
    }
  }
  return { events, invalid, lines: line };
}

export function formatInvalid(invalid: InvalidLine[]): string {
  return invalid
    .map(
      i =>
        `line ${i.line}: ${i.errors
          .map(e => (e.path ? `${e.path}: ${e.message}` : e.message))
          .join('; ')}`,
    )
    .join('\n');
}
