/*
 * Uses of a dependency that check-deps.js cannot see by scanning imports.
 * package -> dependency -> why it is declared although nothing imports it.
 * Keep this list as small as possible: an entry for a dependency the package
 * does not declare, or visibly uses, is itself a finding.
 *
 * (A peer of a declared dependency needs no entry: check-deps.js counts it as
 * used, e.g. better-sqlite3 where @backstage/backend-defaults is declared.)
 */
'use strict';

// knex loads its client driver by name (`client: 'better-sqlite3'` / 'pg'),
// here in tests through @backstage/backend-test-utils' TestDatabases and the
// in-memory SQLite database of startTestBackend.
const SQLITE =
  'knex SQLite driver, loaded by name in tests (TestDatabases, startTestBackend)';
const PG = 'knex PostgreSQL driver, loaded by name in tests (TestDatabases)';

module.exports = {
  '@goldpath/plugin-dora-backend': { pg: PG },
  '@goldpath/plugin-policy-backend': { 'better-sqlite3': SQLITE, pg: PG },
  '@goldpath/plugin-policy-backend-module-demo-data': {
    'better-sqlite3': SQLITE,
  },
  '@goldpath/plugin-catalog-backend-module-goldpath': {
    'better-sqlite3': SQLITE,
  },
  '@goldpath/plugin-scaffolder-backend-module-goldpath': {
    'better-sqlite3': SQLITE,
  },
};
