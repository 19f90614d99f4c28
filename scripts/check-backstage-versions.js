#!/usr/bin/env node
/*
 * Checks that yarn.lock resolves every @backstage/* package to exactly one
 * version, and that it is the version the root `resolutions` pin (the
 * Backstage 1.55.0 release table). Mixing releases breaks the backend at
 * start, so this runs before the tests.
 */
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const lock = fs.readFileSync(path.join(root, 'yarn.lock'), 'utf8');
const { resolutions = {} } = require(path.join(root, 'package.json'));
const release = require(path.join(root, 'backstage.json')).version;

const versions = new Map();
for (const block of lock.split(/\n\n/)) {
  const header = /^"?(@backstage\/[^@"]+)@/m.exec(block);
  const version = /^ {2}version: (.+)$/m.exec(block);
  if (!header || !version || block.includes('@workspace:')) continue;
  const name = header[1];
  if (!versions.has(name)) versions.set(name, new Set());
  versions.get(name).add(version[1].trim());
}

const problems = [];
for (const [name, set] of [...versions].sort()) {
  const list = [...set];
  if (list.length > 1) {
    problems.push(
      `${name} resolves to ${list.length} versions: ${list.join(', ')}`,
    );
  } else if (!resolutions[name]) {
    problems.push(`${name}@${list[0]} is not pinned in the root resolutions`);
  } else if (resolutions[name] !== list[0]) {
    problems.push(
      `${name} resolves to ${list[0]}, but the release pins ${resolutions[name]}`,
    );
  }
}

if (problems.length > 0) {
  console.error(
    `yarn.lock does not hold one coherent Backstage ${release} release:`,
  );
  for (const p of problems) console.error(`  - ${p}`);
  process.exit(1);
}
console.log(
  `yarn.lock resolves ${versions.size} @backstage/* packages, each to the one version of Backstage ${release}`,
);
