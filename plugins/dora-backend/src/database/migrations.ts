import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@goldpath/plugin-dora-backend',
  'migrations',
);

/** Runs the dora plugin's migrations unless the database service says to skip them. */
export async function migrateDoraDatabase(
  database: DatabaseService,
  client: Knex,
): Promise<void> {
  if (database.migrations?.skip) {
    return;
  }
  await client.migrate.latest({
    directory: migrationsDir,
    tableName: 'dora_knex_migrations',
  });
}

export { migrationsDir };
