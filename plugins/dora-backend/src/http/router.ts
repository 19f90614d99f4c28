import {
  AuthService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { AuditTrailService } from '@goldpath/plugin-audit-node';
import express from 'express';
import Router from 'express-promise-router';
import { DoraStore } from '../database/DoraStore';
import { AdoptionService } from '../scorecards/AdoptionService';
import { createAuthorize, createAuthorizeIngest } from './authorize';
import { IngestionService } from '../ingestion/IngestionService';
import { ScorecardService } from '../scorecards/ScorecardService';
import { adoptionRoutes } from './routes/adoption';
import { attributionRoutes } from './routes/attributions';
import { eventRoutes } from './routes/events';
import { modelHealthRoutes } from './routes/modelHealth';
import { ticketRoutes } from './routes/tickets';
import { TicketService } from '../tickets/TicketService';
import { scorecardRoutes } from './routes/scorecards';
import { webhookRoutes } from './routes/webhooks';
import { deadLetterRoutes } from './routes/deadLetters';
import { databaseUnavailableHandler } from './errors';
import { DeadLetterStore } from '../database/DeadLetterStore';
import { UnresolvedIdentities } from '../ingestion/UnresolvedIdentities';
import { WebhookService } from '../ingestion/WebhookService';
import { RateLimiter } from './rateLimit';
import { EntityVisibility } from '../catalog/visibility';

export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auth: AuthService;
  /** Narrows reads to what the requesting user may see in the catalog. */
  visibility: EntityVisibility;
  /** Whether users (not only service principals) may `POST /events`. */
  allowUsersToIngest: boolean;
  /** Per-principal limit of ingestion requests; without one, none. */
  rateLimiter?: RateLimiter;
  ingestion: IngestionService;
  scorecards: ScorecardService;
  adoption: AdoptionService;
  /** Platform-ticket figures (`GET /tickets`); without it, no such route. */
  tickets?: TicketService;
  /** The configured default window, in days (`goldpath.dora.window`). */
  defaultWindowDays?: number;
  webhooks: WebhookService;
  unresolved: UnresolvedIdentities;
  store: DoraStore;
  /** Events-bus events that could not be stored (`GET /dead-letters`). */
  deadLetters?: DeadLetterStore;
  maxBodyBytes: number;
  maxEvents: number;
  /** Where ingestion batches and webhook deliveries are recorded; without it (benchmarks), nowhere. */
  trail?: AuditTrailService;
  logger?: LoggerService;
}

/** The dora plugin's REST API; see the README for every endpoint. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const router = Router();
  const authorize = createAuthorize(options);
  const authorizeIngest = createAuthorizeIngest({
    ...options,
    allowUsers: options.allowUsersToIngest,
  });

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  eventRoutes(router, { ...options, authorizeIngest });
  scorecardRoutes(router, { ...options, authorize });
  webhookRoutes(router, { ...options, authorize });
  adoptionRoutes(router, { ...options, authorize });
  modelHealthRoutes(router, { ...options, authorize });
  if (options.tickets) {
    ticketRoutes(router, {
      tickets: options.tickets,
      authorize,
      defaultWindowDays: options.defaultWindowDays ?? 90,
    });
  }
  attributionRoutes(router, options);
  if (options.deadLetters) {
    deadLetterRoutes(router, { ...options, deadLetters: options.deadLetters });
  }
  // The database down: 503 with Retry-After, before Backstage's error handler.
  router.use(databaseUnavailableHandler());
  return router;
}
