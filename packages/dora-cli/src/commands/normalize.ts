import {
  MalformedPayloadError,
  WEBHOOK_SOURCES,
  WebhookSource,
  normalizeWithFallback,
} from '@goldpath/plugin-dora-adapters';
import {
  parseServiceRef,
  validateDeliveryEvent,
} from '@goldpath/plugin-dora-common';
import fs from 'node:fs';
import { ParsedArgs, UsageError, checkKnown, single } from '../args';
import { Io } from '../io';

export const normalizeHelp = `Usage: dora normalize --source SOURCE [--event NAME] [--service REF] [--header "Name: value" ...] --input FILE|-

Prints the canonical NDJSON events a webhook payload becomes, as the backend
would store them: the aid for "why didn't my webhook count?". Without a
catalog, the service is named after the repository or the tool's service
(acme/checkout → checkout), or --service.

  --source     ${WEBHOOK_SOURCES.join(' | ')}
  --event      the event type the tool names in a header (GitHub X-GitHub-Event:
               push, pull_request, deployment_status, workflow_run; GitLab
               X-Gitlab-Event: "Push Hook", ...); inferred from the body when absent
  --service    the entity to attribute the events to
  --header     a request header of the delivery, repeatable (e.g. "ce-type: dev.cdevents...")
  --input      the JSON payload; - reads standard input
`;

async function readInput(input: string): Promise<Buffer> {
  if (input !== '-') {
    return fs.promises.readFile(input);
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function normalize(args: ParsedArgs, io: Io): Promise<number> {
  checkKnown(args, ['source', 'event', 'service', 'header', 'input', 'help']);
  const source = single(args, 'source');
  if (!source || !(WEBHOOK_SOURCES as readonly string[]).includes(source)) {
    throw new UsageError(
      `--source must be one of ${WEBHOOK_SOURCES.join(', ')}`,
    );
  }
  const input = single(args, 'input');
  if (!input) {
    throw new UsageError('--input FILE (or - for standard input) is required');
  }
  const service = single(args, 'service');
  if (service !== undefined && !parseServiceRef(service).ok) {
    throw new UsageError(`--service "${service}" is not an entity ref`);
  }
  const headers: Record<string, string> = {};
  for (const header of args.options.get('header') ?? []) {
    const colon = header.indexOf(':');
    if (colon < 1) {
      throw new UsageError(`--header must be "Name: value", got "${header}"`);
    }
    headers[header.slice(0, colon).trim().toLowerCase()] = header
      .slice(colon + 1)
      .trim();
  }
  const rawBody = await readInput(input);
  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString('utf8'));
  } catch (e) {
    io.stderr(
      `dora normalize: the input is not JSON: ${(e as Error).message}\n`,
    );
    return 1;
  }
  let result;
  try {
    result = normalizeWithFallback(
      source as WebhookSource,
      { headers, rawBody, body, receivedAt: Date.now() },
      { service, eventName: single(args, 'event') },
    );
  } catch (e) {
    if (e instanceof MalformedPayloadError) {
      io.stderr(`dora normalize: not a ${source} payload: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  if (result.kind === 'ignored') {
    io.stderr(`ignored: ${result.reason}\n`);
    return 0;
  }
  let invalid = 0;
  for (const event of result.events) {
    const checked = validateDeliveryEvent(event, {
      maxFutureMillis: 100 * 365 * 86_400_000,
    });
    if (checked.ok) {
      io.stdout(`${JSON.stringify(checked.event)}\n`);
    } else {
      invalid++;
      io.stderr(
        `event ${event.id} would be rejected: ${checked.errors
          .map(e => `${e.path}: ${e.message}`)
          .join('; ')}\n`,
      );
    }
  }
  return invalid ? 1 : 0;
}
