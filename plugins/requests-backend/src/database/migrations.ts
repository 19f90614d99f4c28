import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@goldpath/plugin-requests-backend',
  'migrations',
);

/** The table knex records the requests plugin's migrations in. */
export const MIGRATIONS_TABLE = 'requests_knex_migrations';

/** Runs the requests plugin's migrations unless the database service says to skip them. */
export async function migrateRequestsDatabase(
  database: DatabaseService,
  client: Knex,
): Promise<void> {
  if (database.migrations?.skip) {
    return;
  }
  await client.migrate.latest({
    directory: migrationsDir,
    tableName: MIGRATIONS_TABLE,
  });
}
