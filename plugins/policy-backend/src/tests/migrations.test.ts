import { createTestDatabases } from '@goldpath/test-utils';
import { MIGRATIONS_TABLE, migrationsDir } from '../database/migrations';

const databases = createTestDatabases();

const TABLES = [
  'policy_audits',
  'policy_sources',
  'policy_findings',
  'policy_entity_summary',
  'policy_waivers',
  'policy_unmapped',
  'policy_meta',
];

describe.each(databases.eachSupportedId())('migrations on %s', databaseId => {
  it('create every table and step down cleanly', async () => {
    const knex = await databases.init(databaseId);
    const config = { directory: migrationsDir, tableName: MIGRATIONS_TABLE };
    await knex.migrate.latest(config);
    for (const table of TABLES) {
      expect(await knex.schema.hasTable(table)).toBe(true);
    }
    await knex('policy_audits').insert({
      entity_ref: 'component:default/checkout',
      source: 'prod-eu',
      ingest_id: 'x',
      format: 'wgpolicy',
      audited_at: 1,
      last_audit_at: 1,
      received_at: 1,
      fingerprint: 'f',
      counts: '{}',
      results: '[]',
    });
    await knex.migrate.down(config);
    for (const table of TABLES) {
      expect(await knex.schema.hasTable(table)).toBe(false);
    }
    // and up again: the down step leaves nothing behind
    await knex.migrate.latest(config);
    expect(await knex.schema.hasTable('policy_audits')).toBe(true);
  });
});
