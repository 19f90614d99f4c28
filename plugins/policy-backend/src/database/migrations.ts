import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@goldpath/plugin-policy-backend',
  'migrations',
);

/** The table knex records the policy plugin's migrations in. */
export const MIGRATIONS_TABLE = 'policy_knex_migrations';

/** Runs the policy plugin's migrations unless the database service says to skip them. */
export async function migratePolicyDatabase(
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

export { migrationsDir };
