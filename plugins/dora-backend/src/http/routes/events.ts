import {
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { AuditTrailService } from '@goldpath/plugin-audit-node';
import {
  IngestResult,
  MalformedEventInput,
} from '@goldpath/plugin-dora-common';
import { InputError } from '@backstage/errors';
import express, { NextFunction, Request, Response, Router } from 'express';
import { AuthorizeIngest } from '../authorize';
import { InvalidEventsError, PayloadTooLargeError } from '../errors';
import { IngestionService } from '../../ingestion/IngestionService';
import { RateLimiter, principalKey } from '../rateLimit';
import { INGEST_BATCH_ACTION, batchIdOf, recordFailure } from '../audit';

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
    /** Where each batch is recorded; without it (benchmarks), nowhere. */
    trail?: AuditTrailService;
    logger?: LoggerService;
  },
) {
  const { ingestion, authorizeIngest, auth, rateLimiter, maxEvents, trail } =
    options;
  router.post(
    '/events',
    // Who may write, and how often, is settled before the body is read.
    async (req: Request, res: Response, next: NextFunction) => {
      const credentials = await authorizeIngest(req);
      // From here on the batch is an action of this principal: recorded,
      // correlated by the caller's X-Request-Id (a new id without one). The
      // record ids are new: a retry after a failure is a record of its own.
      res.locals.ingestCredentials = credentials;
      res.locals.batchId = batchIdOf(req.header('x-request-id'));
      try {
        rateLimiter?.check(principalKey(auth, credentials), res);
      } catch (e) {
        await recordBatchFailure(req, res, e);
        throw e;
      }
      next();
    },
    express.json({ limit: options.maxBodyBytes }),
    express.text({ type: NDJSON_TYPES, limit: options.maxBodyBytes }),
    async (req: Request, res: Response) => {
      let result: IngestResult;
      try {
        result = await ingestBatch(req);
      } catch (e) {
        await recordBatchFailure(req, res, e);
        throw e;
      }
      // Recorded before the answer: a record that cannot be kept (the
      // database is away) fails the request, and the caller's retry (the
      // events are idempotent by id) records it then.
      await trail?.record({
        correlationId: res.locals.batchId,
        action: INGEST_BATCH_ACTION,
        outcome: 'succeeded',
        credentials: res.locals.ingestCredentials,
        request: req,
        severityLevel: 'low',
        meta: countsOf(result),
      });
      res.status(200).json(result);
    },
    // A body the parsers refused (too large, not JSON) is a refused batch.
    async (error: unknown, req: Request, res: Response, next: NextFunction) => {
      if (res.locals.ingestCredentials) {
        await recordBatchFailure(req, res, error);
      }
      next(error);
    },
  );

  async function recordBatchFailure(req: Request, res: Response, e: unknown) {
    if (!trail || res.locals.batchRecorded) return;
    res.locals.batchRecorded = true;
    await recordFailure(trail, options.logger!, e, {
      correlationId: res.locals.batchId,
      action: INGEST_BATCH_ACTION,
      credentials: res.locals.ingestCredentials as BackstageCredentials,
      request: req,
      ...(e instanceof InvalidEventsError
        ? { meta: { rejected: e.rejected.length } }
        : {}),
    });
  }

  async function ingestBatch(req: Request): Promise<IngestResult> {
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
    return result;
  }
}

/** The counts of a batch, for its audit record. */
function countsOf(result: IngestResult) {
  return {
    received: result.received,
    accepted: result.accepted,
    duplicates: result.duplicates,
    optedOut: result.optedOut,
    rejected: result.rejected.length,
  };
}
