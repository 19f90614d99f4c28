import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import express from 'express';
import { PolicyAudit } from './trail';
import Router from 'express-promise-router';
import { AttachmentService } from './AttachmentService';
import { createAuthorize } from './authorize';
import { IngestionService } from './IngestionService';
import { OverviewService } from './OverviewService';
import { entityRoutes } from './routes/entities';
import { reportRoutes } from './routes/reports';
import { summaryRoutes } from './routes/summary';
import { waiverRoutes } from './routes/waivers';
import { StateService } from './StateService';
import { SummaryService } from './SummaryService';
import { WaiverService } from './WaiverService';

export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  ingestion: IngestionService;
  state: StateService;
  overview: OverviewService;
  summary: SummaryService;
  waivers: WaiverService;
  attachment: AttachmentService;
  maxBodyBytes: number;
  maxWaiverMillis: number;
  now?: () => number;
  /** Where report uploads and waiver changes are recorded; without it, nowhere. */
  audit?: PolicyAudit;
}

/** The policy plugin's REST API; see the README for every endpoint. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const router = Router();
  const authorize = createAuthorize(options);

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  reportRoutes(router, { ...options, authorize });
  entityRoutes(router, { ...options, authorize });
  summaryRoutes(router, { ...options, authorize });
  waiverRoutes(router, {
    ...options,
    maxDurationMillis: options.maxWaiverMillis,
    authorize,
  });
  return router;
}
