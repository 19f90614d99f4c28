import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';

/**
 * The databases store tests run on: SQLite always, PostgreSQL wherever a
 * `BACKSTAGE_TEST_DATABASE_POSTGRES<N>_CONNECTION_STRING` points at a server.
 */
const IDS: TestDatabaseId[] = [
  'SQLITE_3',
  'POSTGRES_18',
  'POSTGRES_17',
  'POSTGRES_16',
  'POSTGRES_15',
  'POSTGRES_14',
  'POSTGRES_13',
];

/**
 * Creates the test databases. With `GOLDPATH_REQUIRE_POSTGRES` set (the
 * project's test command sets it), a missing PostgreSQL is an error rather
 * than a silently skipped half of the suite.
 */
export function createTestDatabases(): TestDatabases {
  const databases = TestDatabases.create({ ids: IDS, disableDocker: true });
  const ids = databases.eachSupportedId().map(([id]) => id);
  if (
    process.env.GOLDPATH_REQUIRE_POSTGRES &&
    !ids.some(id => id.startsWith('POSTGRES'))
  ) {
    throw new Error(
      'GOLDPATH_REQUIRE_POSTGRES is set, but no BACKSTAGE_TEST_DATABASE_POSTGRES<N>_CONNECTION_STRING names a PostgreSQL server',
    );
  }
  return databases;
}
