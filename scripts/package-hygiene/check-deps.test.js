// Tests of check-deps.js on fixture repositories written to a temp folder.
// Run: node --test scripts/package-hygiene/check-deps.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { checkPackage } = require('./check-deps');

const SCRIPT = path.join(__dirname, 'check-deps.js');

/** A fixture repo with one package, plugins/thing; files are relative to it. */
function fixture({
  manifest,
  files = {},
  types = {},
  installed = {},
  exceptions,
}) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'check-deps-'));
  const write = (rel, text) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  write(
    'plugins/thing/package.json',
    JSON.stringify({ name: '@fixture/thing', version: '0.1.0', ...manifest }),
  );
  for (const [rel, text] of Object.entries(files))
    write(`plugins/thing/${rel}`, text);
  // What `yarn tsc` writes; an empty index by default.
  write('dist-types/plugins/thing/src/index.d.ts', 'export {};\n');
  for (const [rel, text] of Object.entries(types)) {
    write(`dist-types/plugins/thing/src/${rel}`, text);
  }
  for (const [name, pkg] of Object.entries(installed)) {
    write(
      `node_modules/${name}/package.json`,
      JSON.stringify({ name, ...pkg }),
    );
  }
  if (exceptions) {
    write(
      'scripts/package-hygiene/exceptions.js',
      `module.exports = ${JSON.stringify(exceptions)};\n`,
    );
  }
  return root;
}

const run = root => {
  try {
    const stdout = execFileSync(process.execPath, [SCRIPT, '--root', root], {
      encoding: 'utf8',
      stdio: 'pipe',
    });
    return { status: 0, output: stdout };
  } catch (e) {
    return { status: e.status, output: `${e.stdout}${e.stderr}` };
  }
};

const clean = {
  manifest: {
    dependencies: { zod: '^3.0.0', '@fixture/types-only': '^1.0.0' },
    devDependencies: { '@backstage/cli': '^0.36.6', msw: '^2.0.0' },
    scripts: { test: 'backstage-cli package test' },
  },
  files: {
    'src/index.ts': [
      "import { z } from 'zod';",
      "import { readFileSync } from 'node:fs';",
      "import path from 'path';",
      "import type { T } from '@fixture/types-only';",
      "export * from '@fixture/thing/alpha';",
      'export const schema = z.object({}); export type X = T;',
      'void readFileSync; void path;',
    ].join('\n'),
    'src/index.test.ts': "import { setupServer } from 'msw/node';\n",
    // a comment naming an undeclared package is not an import:
    'src/util.ts': "// import x from 'left-pad'\nexport const y = 1;\n",
  },
};

test('a clean package passes', () => {
  const root = fixture(clean);
  assert.deepEqual(checkPackage(root, 'plugins/thing'), []);
  const { status, output } = run(root);
  assert.equal(status, 0, output);
});

test('an undeclared import in a runtime source fails, naming file and fix', () => {
  const root = fixture({
    ...clean,
    files: {
      ...clean.files,
      'src/extra.ts': "import leftPad from 'left-pad';\n",
    },
  });
  const { status, output } = run(root);
  assert.equal(status, 1);
  assert.match(
    output,
    /@fixture\/thing: plugins\/thing\/src\/extra\.ts: imports 'left-pad'/,
  );
  assert.match(output, /add "left-pad" to dependencies/);
});

test('an undeclared import("x") type in a declaration file fails', () => {
  const types = {
    'alpha.d.ts':
      'export declare const c: import("@backstage/filter-predicates").FilterPredicate;\n',
  };
  // the declaration of a source deleted since tsc ran is not read
  assert.equal(run(fixture({ ...clean, types })).status, 0);
  const root = fixture({
    ...clean,
    files: { ...clean.files, 'src/alpha.ts': 'export const c = 1;\n' },
    types,
  });
  const { status, output } = run(root);
  assert.equal(status, 1);
  assert.match(
    output,
    /dist-types\/plugins\/thing\/src\/alpha\.d\.ts: imports '@backstage\/filter-predicates'/,
  );
});

test('a runtime import declared only in devDependencies fails', () => {
  const root = fixture({
    ...clean,
    files: { ...clean.files, 'src/extra.ts': "import { http } from 'msw';\n" },
  });
  const { status, output } = run(root);
  assert.equal(status, 1);
  assert.match(
    output,
    /imports 'msw', which is not declared \(it is only in devDependencies; move it\)/,
  );
});

test('an unused dependency fails', () => {
  const root = fixture({
    ...clean,
    manifest: {
      ...clean.manifest,
      dependencies: {
        ...clean.manifest.dependencies,
        '@backstage/plugin-permission-node': '^0.11.4',
      },
    },
  });
  const { status, output } = run(root);
  assert.equal(status, 1);
  assert.match(
    output,
    /declares "@backstage\/plugin-permission-node" in dependencies, but no published file imports it/,
  );
  assert.match(output, /remove it from dependencies/);
});

test('a dependency used only by tests is told to move to devDependencies', () => {
  const root = fixture({
    ...clean,
    manifest: {
      ...clean.manifest,
      dependencies: { ...clean.manifest.dependencies, msw: '^2.0.0' },
      devDependencies: { '@backstage/cli': '^0.36.6' },
    },
  });
  const findings = checkPackage(root, 'plugins/thing');
  assert.equal(findings.length, 1);
  assert.match(findings[0].fix, /move it to devDependencies/);
});

test('an unused devDependency fails unless an exception names it', () => {
  const manifest = {
    ...clean.manifest,
    devDependencies: {
      ...clean.manifest.devDependencies,
      'better-sqlite3': '^12.0.0',
    },
  };
  assert.equal(run(fixture({ ...clean, manifest })).status, 1);
  const root = fixture({
    ...clean,
    manifest,
    exceptions: {
      '@fixture/thing': { 'better-sqlite3': 'knex driver loaded by name' },
    },
  });
  assert.equal(run(root).status, 0);
});

test('a stale exception fails', () => {
  const root = fixture({
    ...clean,
    exceptions: { '@fixture/thing': { pg: 'knex driver loaded by name' } },
  });
  const { status, output } = run(root);
  assert.equal(status, 1);
  assert.match(
    output,
    /exception for "pg", which @fixture\/thing does not declare/,
  );
});

test('a peer of a declared dependency counts as used', () => {
  const root = fixture({
    ...clean,
    manifest: {
      ...clean.manifest,
      peerDependencies: { 'react-dom': '^18.0.0' },
      devDependencies: {
        ...clean.manifest.devDependencies,
        'react-dom': '^18.0.0',
      },
    },
    installed: { zod: { peerDependencies: { 'react-dom': '*' } } },
  });
  assert.deepEqual(checkPackage(root, 'plugins/thing'), []);
});

test('private packages are not checked; missing declaration files are', () => {
  const priv = fixture({
    ...clean,
    manifest: {
      ...clean.manifest,
      private: true,
      dependencies: { unused: '1' },
    },
  });
  assert.equal(run(priv).status, 0);
  const root = fixture(clean);
  fs.rmSync(path.join(root, 'dist-types'), { recursive: true });
  const { status, output } = run(root);
  assert.equal(status, 1);
  assert.match(output, /run `yarn tsc` first/);
});

test('an exception does not excuse a published import of a devDependency', () => {
  const root = fixture({
    ...clean,
    manifest: {
      ...clean.manifest,
      devDependencies: {
        ...clean.manifest.devDependencies,
        'better-sqlite3': '^12.0.0',
      },
    },
    files: {
      ...clean.files,
      'src/db.ts': "import Database from 'better-sqlite3';\n",
    },
    exceptions: {
      '@fixture/thing': { 'better-sqlite3': 'knex driver loaded by name' },
    },
  });
  const { status, output } = run(root);
  assert.equal(status, 1);
  assert.match(
    output,
    /src\/db\.ts: imports 'better-sqlite3', which is not declared \(it is only in devDependencies; move it\)/,
  );
});
