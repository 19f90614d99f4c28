import {
  PermissionsService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import {
  TestDatabaseId,
  TestDatabases,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import express from 'express';
import { DatabasePolicyStore } from '../database/DatabasePolicyStore';
import { AttachmentService } from '../service/AttachmentService';
import { AuditRecorder } from '../service/AuditRecorder';
import { IngestionService } from '../service/IngestionService';
import { MaintenanceService } from '../service/MaintenanceService';
import { OverviewService } from '../service/OverviewService';
import { PolicyCatalog } from '../service/PolicyCatalog';
import { createRouter } from '../service/router';
import { StateService } from '../service/StateService';
import { SummaryService } from '../service/SummaryService';
import { WaiverService } from '../service/WaiverService';

export const DAY = 86_400_000;

/**
 * An in-memory catalog (Backstage's InMemoryCatalogClient) whose entities a
 * test can change, and which hides entities from chosen users the way the
 * catalog's permission rules would.
 */
export class TestCatalog {
  private hidden = new Map<string, Set<string>>();

  constructor(private entities: Entity[]) {}

  setEntities(entities: Entity[]) {
    this.entities = entities;
  }

  /** `userEntityRef` no longer sees these entity refs. */
  hide(userEntityRef: string, entityRefs: string[]) {
    this.hidden.set(userEntityRef, new Set(entityRefs));
  }

  readonly service: CatalogService = {
    ...({} as CatalogService),
    queryEntities: (req, opts) =>
      catalogServiceMock({ entities: this.entities }).queryEntities(req, opts),
    getEntitiesByRefs: async (req, opts) => {
      const res = await catalogServiceMock({
        entities: this.entities,
      }).getEntitiesByRefs(req, opts);
      const principal = opts.credentials.principal as {
        userEntityRef?: string;
      };
      const hidden = principal.userEntityRef
        ? this.hidden.get(principal.userEntityRef)
        : undefined;
      return {
        items: res.items.map(e =>
          e && hidden?.has(stringifyEntityRef(e)) ? undefined : e,
        ),
      };
    },
    refreshEntity: async () => {},
  };
}

/** A component with annotations, as the catalog serves it. */
export function component(
  name: string,
  annotations: Record<string, string> = {},
  kind = 'Component',
  spec: object = { type: 'service', lifecycle: 'production', owner: 'team-a' },
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default', annotations },
    spec,
  };
}

/**
 * The policy plugin's services and router over a real database and an
 * in-memory catalog, with a clock the test moves.
 */
export async function createTestApp(options: {
  databases: TestDatabases;
  databaseId?: TestDatabaseId;
  entities?: Entity[];
  permissions?: PermissionsService;
  defaultCredentials?: BackstageCredentials;
  maxBodyBytes?: number;
  maxResults?: number;
  now?: number;
}) {
  const knex = await options.databases.init(options.databaseId ?? 'SQLITE_3');
  const store = await DatabasePolicyStore.create({
    database: mockServices.database({ knex }),
  });
  const clock = { now: options.now ?? Date.now() };
  const now = () => clock.now;
  const catalog = new TestCatalog(options.entities ?? []);
  const logger = mockServices.logger.mock();
  const auth = mockServices.auth();
  const policyCatalog = PolicyCatalog.create({
    catalog: catalog.service,
    auth,
    logger,
    ttlMillis: 0,
  });
  const recorder = AuditRecorder.create();
  const ingestion = IngestionService.create({
    store,
    catalog: policyCatalog,
    recorder,
    logger,
    maxResults: options.maxResults ?? 50_000,
    now,
  });
  const attachment = AttachmentService.create({
    store,
    catalog: policyCatalog,
    recorder,
    logger,
    now,
  });
  const summary = SummaryService.create({ store, now });
  const maintenance = MaintenanceService.create({
    store,
    recorder,
    policyCatalog,
    catalog: catalog.service,
    auth,
    logger,
    retention: { snapshotsMillis: 90 * DAY, unmappedMillis: 30 * DAY },
    now,
  });
  const router = await createRouter({
    httpAuth: mockServices.httpAuth({
      ...(options.defaultCredentials
        ? { defaultCredentials: options.defaultCredentials }
        : {}),
    }),
    permissions: options.permissions ?? mockServices.permissions(),
    ingestion,
    state: StateService.create({ store, catalog: policyCatalog, now }),
    overview: OverviewService.create({
      store,
      policyCatalog,
      catalog: catalog.service,
      now,
    }),
    summary,
    waivers: WaiverService.create({
      store,
      recorder,
      catalog: policyCatalog,
      now,
    }),
    attachment,
    maxBodyBytes: options.maxBodyBytes ?? 10 * 1024 * 1024,
    maxWaiverMillis: 90 * DAY,
    now,
  });
  const app = express().use(router).use(mockErrorHandler());
  return {
    app,
    knex,
    store,
    clock,
    ingestion,
    attachment,
    maintenance,
    summary,
    catalog,
  };
}
