#!/usr/bin/env node
/*
 * The install check's backend log gate: fails on any error-level line from a
 * Goldpath plugin or module, and on any plugin or module that failed to start,
 * whoever it is. Usage: check-log.js <backend.log>
 */
'use strict';

const fs = require('node:fs');

// The backend plugins run.sh installs (backstage.pluginId of each backend-plugin).
const GOLDPATH_PLUGINS = ['dora', 'policy', 'requests', 'audit'];
// Modules of other plugins log under their target plugin; these are Goldpath's.
const GOLDPATH_MODULE = /goldpath/i;

// eslint-disable-next-line no-control-regex
const strip = s => s.replace(/\x1b\[[0-9;]*m/g, '');
const lines = strip(fs.readFileSync(process.argv[2], 'utf8')).split('\n');

const faults = [];
for (const line of lines) {
  // Backstage's development format: `<time> <plugin> <level> <message> <fields>`,
  // e.g. `2026-12-01T14:00:00.000Z dora error Failed ... module=...`.
  const m = /^\S+Z\s+(\S+)\s+(error|warn|info|debug)\s+(.*)$/.exec(line);
  // The backend's own report of a plugin or module whose start threw.
  if (/startup failed|BackendStartupError|failed to start/i.test(line)) {
    faults.push(line);
    continue;
  }
  if (!m) continue;
  const [, plugin, level, rest] = m;
  if (level !== 'error') continue;
  if (GOLDPATH_PLUGINS.includes(plugin) || GOLDPATH_MODULE.test(rest)) {
    faults.push(line);
  }
}

const started = lines.filter(l =>
  /Plugin initialization complete|Listening on/i.test(l),
);
if (faults.length) {
  console.error(
    `${faults.length} error line(s) from Goldpath or a failed start:`,
  );
  for (const f of faults) console.error(`  ${f}`);
  process.exit(1);
}
const errors = lines.filter(l => /^\S+Z\s+\S+\s+error\s/.test(l));
console.log(
  `  no Goldpath error, no failed start (${lines.length} log lines; ` +
    `${errors.length} error line(s) from other plugins${
      errors.length ? ', shown below' : ''
    })`,
);
for (const e of errors) console.log(`    ${e.slice(0, 300)}`);
if (!started.length)
  console.log('  (no start-up summary line found in the log)');
