import { AuthService } from '@backstage/backend-plugin-api';
import {
  IngestResult,
  MalformedEventInput,
} from '@goldpath/plugin-dora-common';
import { InputError } from '@backstage/errors';
import express, { Router } from 'express';
import { AuthorizeIngest } from '../authorize';
import { InvalidEventsError, PayloadTooLargeError } from '../errors';
import { IngestionService } from '../../ingestion/IngestionService';
import { RateLimiter, principalKey } from '../rateLimit';

const NDJSON_TYPES = [
  'application/x-ndjson',
  'application/ndjson',
  'application/jsonl',
  'text/plain',
];

/**
 * Turns a request body into the list of event inputs it carries: one event,
 * `{ events: [...] }`, a JSON array, or NDJSON (one event per line).
 */
export function eventsFromBody(body: unknown, isText: boolean): unknown[] {
  if (isText) {
    const inputs: unknown[] = [];
    String(body)
      .split(/\r?\n/)
      .forEach((line, i) => {
        if (line.trim() === '') return;
        try {
          inputs.push(JSON.parse(line));
        } catch (e) {
          inputs.push(
            new MalformedEventInput(
              `line ${i + 1} is not valid JSON: ${(e as Error).message}`,
            ),
          );
        }
      });
    return inputs;
  }
  if (Array.isArray(body)) {
    return body;
  }
  if (typeof body === 'object' && body !== null) {
    const events = (body as { events?: unknown }).events;
    if (events !== undefined) {
      if (!Array.isArray(events)) {
        throw new InputError('events must be an array of events');
      }
      return events;
    }
    if ('type' in body) {
      return [body];
    }
  }
  throw new InputError(
    'The body must be one event, {"events": [...]}, a JSON array of events, or NDJSON (Content-Type: application/x-ndjson)',
  );
}

export function eventRoutes(
  router: Router,
  options: {
    ingestion: IngestionService;
    authorizeIngest: AuthorizeIngest;
    auth: Pick<AuthService, 'isPrincipal'>;
    maxBodyBytes: number;
    maxEvents: number;
    /** One bucket per principal; without one, no limit. */
    rateLimiter?: RateLimiter;
  },
) {
  const { ingestion, authorizeIngest, auth, rateLimiter, maxEvents } = options;
  router.post(
    '/events',
    // Who may write, and how often, is settled before the body is read.
    async (req, res, next) => {
      const credentials = await authorizeIngest(req);
      rateLimiter?.check(principalKey(auth, credentials), res);
      next();
    },
    express.json({ limit: options.maxBodyBytes }),
    express.text({ type: NDJSON_TYPES, limit: options.maxBodyBytes }),
    async (req, res) => {
      if (!req.is(['application/json', ...NDJSON_TYPES])) {
        throw new InputError(
          'Send events as application/json or application/x-ndjson',
        );
      }
      const inputs = eventsFromBody(req.body, typeof req.body === 'string');
      if (inputs.length === 0) {
        throw new InputError('The request holds no events');
      }
      if (inputs.length > maxEvents) {
        throw new PayloadTooLargeError(
          `The request holds ${inputs.length} events; at most ${maxEvents} are accepted per request`,
        );
      }
      const result: IngestResult = await ingestion.ingest(inputs);
      if (result.rejected.length === inputs.length) {
        throw new InvalidEventsError(result.rejected);
      }
      res.status(200).json(result);
    },
  );
}
