import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import { DoraStore } from '../database/DoraStore';
import { AdoptionService } from './AdoptionService';
import { createAuthorize } from './authorize';
import { IngestionService } from './IngestionService';
import { ScorecardService } from './ScorecardService';
import { adoptionRoutes } from './routes/adoption';
import { attributionRoutes } from './routes/attributions';
import { eventRoutes } from './routes/events';
import { modelHealthRoutes } from './routes/modelHealth';
import { scorecardRoutes } from './routes/scorecards';
import { webhookRoutes } from './routes/webhooks';
import { ResolutionService } from './ResolutionService';
import { WebhookService } from './WebhookService';

export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  ingestion: IngestionService;
  scorecards: ScorecardService;
  adoption: AdoptionService;
  webhooks: WebhookService;
  resolution: ResolutionService;
  store: DoraStore;
  maxBodyBytes: number;
  maxEvents: number;
}

/** The dora plugin's REST API; see the README for every endpoint. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const router = Router();
  const authorize = createAuthorize(options);

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  eventRoutes(router, { ...options, authorize });
  scorecardRoutes(router, { ...options, authorize });
  webhookRoutes(router, { ...options, authorize });
  adoptionRoutes(router, { ...options, authorize });
  modelHealthRoutes(router, { ...options, authorize });
  attributionRoutes(router, options);
  return router;
}
