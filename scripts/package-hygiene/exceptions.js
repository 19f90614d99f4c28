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

// knex loads its client driver by name (`client: 'better-sqlite3'`), here in
// tests through the in-memory SQLite database of startTestBackend. The test
// databases' drivers (better-sqlite3, pg) are declared by @goldpath/test-utils,
// which creates them (it is private, so this lint does not check it).
const SQLITE = 'knex SQLite driver, loaded by name in tests (startTestBackend)';

module.exports = {
  '@goldpath/plugin-audit-backend': { 'better-sqlite3': SQLITE },
  '@goldpath/plugin-dora-backend-module-digest': { 'better-sqlite3': SQLITE },
  '@goldpath/plugin-requests-backend': { 'better-sqlite3': SQLITE },
  '@goldpath/plugin-policy-backend': { 'better-sqlite3': SQLITE },
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
