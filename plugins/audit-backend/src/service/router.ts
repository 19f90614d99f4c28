import {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  AuditQuery,
  auditQuerySchema,
  auditReadPermission,
  auditRecordsCreatePermission,
  auditRecordsRequestSchema,
  auditRecordsToCsv,
} from '@goldpath/plugin-audit-common';
import express, { NextFunction, Request, Response } from 'express';
import Router from 'express-promise-router';
import { randomUUID } from 'node:crypto';
import { AuditService } from './AuditService';
import { createAuthorize } from './authorize';
import { PayloadTooLargeError } from './errors';
import { parseOrThrow } from './validation';

export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  audit: AuditService;
  maxBodyBytes: number;
  exportMaxRows: number;
  now?: () => number;
}

/** The header that continues a truncated CSV export (its value is the next `cursor`). */
export const NEXT_CURSOR_HEADER = 'Audit-Next-Cursor';

/** The filters of a query, for auditor events and the export record (no cursor or limit). */
function filtersOf(query: AuditQuery): Record<string, string> {
  const { cursor: _cursor, limit: _limit, ...filters } = query;
  return Object.fromEntries(
    Object.entries(filters).filter(([, v]) => v !== undefined),
  ) as Record<string, string>;
}

function actorOf(credentials: BackstageCredentials) {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  return principal.type === 'user'
    ? { type: 'user' as const, ref: principal.userEntityRef! }
    : { type: 'service' as const, ref: principal.subject ?? 'unknown' };
}

/**
 * The JSON body parser of `POST /records`, with clear answers: 413 beyond the
 * limit, 400 for a body that is no JSON.
 */
function jsonBody(limit: number) {
  const parse = express.json({ limit, type: () => true });
  return (req: Request, res: Response, next: NextFunction) =>
    parse(req, res, (error?: any) => {
      if (error?.type === 'entity.too.large') {
        next(
          new PayloadTooLargeError(
            `The request body is larger than ${limit} bytes (goldpath.audit.ingestion.maxBodyBytes); send fewer records at a time`,
          ),
        );
      } else if (error) {
        next(
          new InputError(
            `Invalid body: the request body is no JSON (${error.message})`,
          ),
        );
      } else {
        next();
      }
    });
}

/** The audit plugin's REST API; see the README for every endpoint. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { audit, auditor } = options;
  const now = options.now ?? Date.now;
  const router = Router();
  const authorize = createAuthorize(options);

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  // Credentials first: a user gets 403 before the body is read.
  router.post(
    '/records',
    async (req, res) => {
      res.locals.credentials = await authorize(
        req,
        auditRecordsCreatePermission,
        { allow: ['service'] },
      );
      return 'next';
    },
    jsonBody(options.maxBodyBytes),
    async (req, res) => {
      const body = parseOrThrow(auditRecordsRequestSchema, req.body, 'body');
      res.json(await audit.record(body.records, res.locals.credentials));
    },
  );

  router.get('/records', async (req, res) => {
    await authorize(req, auditReadPermission);
    const query = parseOrThrow(auditQuerySchema, req.query, 'query');
    // Reading the audit trail is itself audited (at the installation's sink).
    const event = await auditor.createEvent({
      eventId: 'records-read',
      severityLevel: 'low',
      request: req,
      meta: { filters: filtersOf(query) },
    });
    try {
      const page = await audit.list(query);
      await event.success({ meta: { items: page.items.length } });
      res.json(page);
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  });

  router.get('/records.csv', async (req, res) => {
    const credentials = await authorize(req, auditReadPermission);
    const query = parseOrThrow(auditQuerySchema, req.query, 'query');
    const filters = filtersOf(query);
    const event = await auditor.createEvent({
      eventId: 'records-export',
      severityLevel: 'medium',
      request: req,
      meta: { filters },
    });
    try {
      const page = await audit.listAll(query, options.exportMaxRows);
      // An export is recorded in the trail too: who took which records out.
      const id = randomUUID();
      await audit.recordOwn({
        id,
        occurredAt: new Date(now()).toISOString(),
        actor: actorOf(credentials),
        action: 'audit.records.export',
        outcome: 'succeeded',
        correlationId: id,
        plugin: 'audit',
        meta: { filters, rows: page.items.length },
      });
      await event.success({ meta: { rows: page.items.length } });
      if (page.nextCursor) {
        res.setHeader(NEXT_CURSOR_HEADER, page.nextCursor);
        res.setHeader('Access-Control-Expose-Headers', NEXT_CURSOR_HEADER);
      }
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader(
        'Content-Disposition',
        'attachment; filename="audit-records.csv"',
      );
      res.send(auditRecordsToCsv(page.items));
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  });

  return router;
}
