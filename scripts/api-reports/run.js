#!/usr/bin/env node
/*
 * API reports of every publishable package (`yarn build:api-reports`), and
 * their check in CI (`yarn build:api-reports:check`, i.e. `--ci`).
 *
 * - `report.api.md` / `report-alpha.api.md`: the public surface of each entry
 *   point (`.` and `./alpha`) of each library and plugin package, from
 *   `@backstage/repo-tools api-reports` (API Extractor over `dist-types`:
 *   without `--ci` this script deletes them and runs `yarn tsc` first, so no
 *   stale declaration file reaches a report; with `--ci`, `yarn tsc` must
 *   have run).
 * - `report.sql.md`: the schema the knex migrations of each store leave
 *   behind (`--sql-reports`; repo-tools runs them in an in-process PGlite,
 *   no database server needed), and whether every migration reverses.
 * - `cli-report.md`: the commands and flags of the CLI packages
 *   (scripts/api-reports/cli-reports.js; see there why not repo-tools').
 *
 * The example app and backend (private) have no reports. With `--ci` nothing
 * is written and any difference fails.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '../..');
const ci = process.argv.includes('--ci');

// The private examples, and the CLI packages (their reports come from
// cli-reports.js below). One pattern without commas: repo-tools splits the
// option at commas and keeps a package that fails to match any one part.
const EXCLUDE = 'packages/@(app|backend|dora-cli|goldpath-events|test-utils)';

function runStep(args) {
  const result = spawnSync(process.execPath, args, {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// The order of union members in an inferred type follows the order in which
// TypeScript created the types, which an incremental build changes. CI's
// type check compiles a clean clone from scratch; writing the reports does
// the same (dist-types removed, `yarn tsc` again) so both agree.
if (!ci) {
  fs.rmSync(path.join(root, 'dist-types'), { recursive: true, force: true });
  runStep([path.join(root, '.yarn/releases/yarn-4.13.0.cjs'), 'tsc']);
}

runStep([
  require.resolve('@backstage/repo-tools/bin/backstage-repo-tools'),
  'api-reports',
  '--sql-reports',
  '--exclude',
  EXCLUDE,
  // As Backstage's own repository: members need no TSDoc each
  // (ae-undocumented), and workspace packages resolve to their `src/*.ts`
  // (`types: src/index.ts` until published), which API Extractor would
  // otherwise report with a machine-specific absolute path.
  '--omit-messages',
  'ae-undocumented,ae-wrong-input-file-type',
  // `.` exports only `@public` symbols, `./alpha` `@alpha` (or `@public`) ones.
  '--validate-release-tags',
  ...(ci ? ['--ci'] : []),
  // Package folders to limit the run to (`yarn build:api-reports plugins/dora`).
  ...process.argv.slice(2).filter(arg => arg !== '--ci'),
]);
runStep([path.join(__dirname, 'cli-reports.js'), ...(ci ? ['--ci'] : [])]);
