import {
  IngestResult,
  MalformedEventInput,
  doraEventsCreatePermission,
} from '@goldpath/plugin-dora-common';
import { InputError } from '@backstage/errors';
import express, { Router } from 'express';
import { Authorize } from '../authorize';
import { InvalidEventsError, PayloadTooLargeError } from '../errors';
import { IngestionService } from '../IngestionService';

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
    authorize: Authorize;
    maxBodyBytes: number;
    maxEvents: number;
  },
) {
  const { ingestion, authorize, maxEvents } = options;
  router.post(
    '/events',
    express.json({ limit: options.maxBodyBytes }),
    express.text({ type: NDJSON_TYPES, limit: options.maxBodyBytes }),
    async (req, res) => {
      await authorize(req, doraEventsCreatePermission);
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
