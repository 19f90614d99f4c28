import { InputError } from '@backstage/errors';
import {
  POLICY_REPORT_FORMATS,
  policyReportsCreatePermission,
} from '@goldpath/plugin-policy-common';
import express, { Router } from 'express';
import { z } from 'zod';
import { Authorize } from '../authorize';
import { normalizeRepository } from '../CatalogIndex';
import { UnsupportedMediaTypeError } from '../errors';
import { IngestionService } from '../IngestionService';
import { entityRefSchema, parseOrThrow } from '../validation';
import { PolicyAudit, REPORT_UPLOAD_ACTION } from '../trail';

/** The media types a report may be sent as. */
export const REPORT_MEDIA_TYPES = [
  'application/json',
  'application/yaml',
  'application/x-yaml',
  'text/yaml',
  'application/x-ndjson',
  'text/plain',
];

/** A source names a cluster or pipeline: `prod-eu`, `github-actions:checkout`. */
export const SOURCE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:/@-]{0,127}$/;

export const reportQuerySchema = z.strictObject({
  source: z
    .string({
      error: iss =>
        iss.input === undefined
          ? 'is required: name the cluster or pipeline that produced the report, e.g. ?source=prod-eu'
          : 'must be given once, as text',
    })
    .regex(
      SOURCE_PATTERN,
      'must be 1 to 128 letters, digits or . _ : / @ -, starting with a letter or digit',
    ),
  format: z
    .enum(POLICY_REPORT_FORMATS, {
      error: `must be one of ${POLICY_REPORT_FORMATS.join(', ')}`,
    })
    .optional(),
  entity: entityRefSchema.optional(),
  repository: z
    .string()
    .refine(v => normalizeRepository(v) !== undefined, {
      message: 'must be a repository like owner/name or its URL',
    })
    .optional(),
});

/** Turns the raw body into text: UTF-8, without a byte-order mark. */
function bodyText(body: unknown): string {
  const buffer = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
  return buffer.toString('utf8').replace(/^\uFEFF/, '');
}

/**
 * `POST /reports`: one or more policy reports (JSON, YAML, multi-document
 * YAML, a Kubernetes List, NDJSON), stored in one transaction.
 */
export function reportRoutes(
  router: Router,
  options: {
    ingestion: IngestionService;
    authorize: Authorize;
    maxBodyBytes: number;
    /** Where each upload is recorded; without it, nowhere. */
    audit?: PolicyAudit;
  },
) {
  const { ingestion, authorize, audit } = options;
  router.post(
    '/reports',
    // The raw bytes, up to the limit (413 beyond it); parsed by format below.
    express.raw({ type: () => true, limit: options.maxBodyBytes }),
    async (req, res) => {
      // The source (a cluster or pipeline) and the entity, as far as known.
      const facts = () => {
        const q = reportQuerySchema.safeParse(req.query);
        return {
          action: REPORT_UPLOAD_ACTION,
          ...(q.success && q.data.entity
            ? { targetEntityRef: q.data.entity }
            : {}),
          meta: q.success
            ? {
                source: q.data.source,
                ...(q.data.format ? { format: q.data.format } : {}),
              }
            : {},
        };
      };
      let credentials;
      let result;
      try {
        credentials = await authorize(req, policyReportsCreatePermission);
        const query = parseOrThrow(reportQuerySchema, req.query, 'query');
        const body = bodyText(req.body);
        if (body.trim() === '') {
          throw new InputError('The request has no body: send the report');
        }
        if (!req.is(REPORT_MEDIA_TYPES)) {
          throw new UnsupportedMediaTypeError(
            `Send the report as ${REPORT_MEDIA_TYPES.join(', ')} (got ${
              req.headers['content-type'] ?? 'no Content-Type'
            })`,
          );
        }
        result = await ingestion.ingest(body, {
          source: query.source,
          ...(query.format ? { format: query.format } : {}),
          ...(query.entity ? { entityRef: query.entity } : {}),
          ...(query.repository ? { repository: query.repository } : {}),
        });
      } catch (e) {
        await audit?.notSucceeded(req, e, facts());
        throw e;
      }
      const known = facts();
      await audit?.succeeded(req, credentials, {
        ...known,
        // One entity changed: the upload was about it.
        ...(!known.targetEntityRef && result.entities.length === 1
          ? { targetEntityRef: result.entities[0] }
          : {}),
        meta: {
          ...known.meta,
          reports: result.reports,
          results: result.results,
          entities: result.entities.length,
          unmapped: result.unmapped,
          skipped: result.skipped.length,
        },
      });
      res.status(200).json(result);
    },
  );
}
