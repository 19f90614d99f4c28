import {
  TestBackend,
  TestDatabaseId,
  TestDatabases,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import doraPlugin from '@goldpath/plugin-dora-backend';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { generateDemoEvents } from './generator';
import { EXAMPLE_ORG_PROFILES } from './profiles';

/**
 * The same events must give identical scorecards through the offline CLI,
 * the SQLite store and the PostgreSQL store (METRICS.md: percentiles are
 * computed in one place, so the databases cannot disagree).
 */
const AS_OF = '2026-11-02T00:00:00.000Z';
const databases = TestDatabases.create({
  ids: [
    'SQLITE_3',
    'POSTGRES_18',
    'POSTGRES_17',
    'POSTGRES_16',
    'POSTGRES_15',
    'POSTGRES_14',
  ],
  disableDocker: true,
});
const ids = databases.eachSupportedId().map(([id]) => id);
if (
  process.env.GOLDPATH_REQUIRE_POSTGRES &&
  !ids.some(id => id.startsWith('POSTGRES'))
) {
  throw new Error(
    'GOLDPATH_REQUIRE_POSTGRES is set but no PostgreSQL is configured',
  );
}

const events = generateDemoEvents({
  profiles: EXAMPLE_ORG_PROFILES,
  asOf: Date.parse(AS_OF),
  days: 120,
});

function cliScorecards() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'goldpath-'));
  const file = path.join(dir, 'events.ndjson');
  // Shuffled, and with every event twice: order and duplicates must not matter.
  const lines = [...events, ...events].map(e => JSON.stringify(e));
  lines.sort();
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  const bin = path.resolve(__dirname, '../../../packages/dora-cli/bin/dora');
  const out = execFileSync(
    process.execPath,
    [
      bin,
      'compute',
      '--input',
      file,
      '--as-of',
      AS_OF,
      '--option',
      'trends=true',
    ],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  fs.rmSync(dir, { recursive: true, force: true });
  return JSON.parse(out);
}

describe('one scorecard everywhere', () => {
  const fromCli = cliScorecards();

  it('the CLI scores every demo service', () => {
    expect(Object.keys(fromCli.services)).toHaveLength(
      EXAMPLE_ORG_PROFILES.length,
    );
    expect(fromCli.asOf).toBe(AS_OF);
  });

  describe.each(ids)('the backend on %s', (databaseId: TestDatabaseId) => {
    let backend: TestBackend;
    beforeAll(async () => {
      const knex = await databases.init(databaseId);
      backend = await startTestBackend({
        features: [doraPlugin, mockServices.database.factory({ knex })],
      });
      for (let i = 0; i < events.length; i += 1000) {
        await request(backend.server)
          .post('/api/dora/events')
          .set('Authorization', mockCredentials.service.header())
          .send({ events: events.slice(i, i + 1000) })
          .expect(200);
      }
    }, 120_000);
    afterAll(() => backend?.stop());

    it.each(EXAMPLE_ORG_PROFILES.map(p => p.service))(
      'gives the CLI’s scorecard for %s',
      async service => {
        const [kind, rest] = service.split(':');
        const res = await request(backend.server)
          .get(`/api/dora/scorecards/${kind}/${rest}`)
          .set('Authorization', mockCredentials.service.header())
          .query({ asOf: AS_OF });
        expect(res.status).toBe(200);
        const {
          scope: _scope,
          entityRef: _ref,
          asOf: _asOf,
          window: _window,
          template: _template,
          previousWeek: _previous,
          ...scorecard
        } = res.body;
        expect(scorecard).toEqual(fromCli.services[service]);
      },
    );
  });
});
