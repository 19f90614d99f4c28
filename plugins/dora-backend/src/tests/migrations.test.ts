import { createTestDatabases } from '@goldpath/test-utils';
import { migrationsDir } from '../database/migrations';

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())('migrations on %s', databaseId => {
  it('backfill service versions from existing events, and step down cleanly', async () => {
    const knex = await databases.init(databaseId);
    const config = {
      directory: migrationsDir,
      tableName: 'dora_knex_migrations',
    };
    await knex.migrate.up({ ...config, name: '20261128000000_events.js' });
    const row = (id: string, service: string | null, receivedAt: number) => ({
      id,
      type: 'deployment',
      service_ref: service,
      occurred_at: 1,
      subject_id: null,
      source: null,
      event: '{}',
      received_at: receivedAt,
    });
    await knex('dora_events').insert([
      row('a', 'component:default/checkout', 10),
      row('b', 'component:default/checkout', 30),
      row('c', 'component:default/cart', 20),
      row('t', null, 40),
    ]);

    await knex.migrate.up({
      ...config,
      name: '20261129000000_scorecard_snapshots.js',
    });
    const state = await knex('dora_service_state').orderBy('service_ref');
    expect(
      state.map(s => ({
        service_ref: s.service_ref,
        version: Number(s.version),
        updated_at: Number(s.updated_at),
      })),
    ).toEqual([
      { service_ref: 'component:default/cart', version: 1, updated_at: 20 },
      { service_ref: 'component:default/checkout', version: 1, updated_at: 30 },
    ]);

    await knex.migrate.down(config);
    expect(await knex.schema.hasTable('dora_service_state')).toBe(false);
    expect(await knex.schema.hasTable('dora_scorecard_snapshots')).toBe(false);
    // stepping down the second migration keeps the events
    const [{ n }] = await knex('dora_events').count({ n: '*' });
    expect(Number(n)).toBe(4);
    await knex.migrate.down(config);
    expect(await knex.schema.hasTable('dora_events')).toBe(false);
  });
});
