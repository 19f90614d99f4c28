/*
 * Tests of scripts/changesets/check.js against throwaway git repositories:
 * node --test scripts/changesets/check.test.js
 */
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const SCRIPT = path.join(__dirname, 'check.js');

const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: os.devNull,
};
delete gitEnv.GOLDPATH_CHANGESET_BASE;
for (const name of Object.keys(gitEnv)) {
  if (['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE'].includes(name)) {
    delete gitEnv[name];
  }
}

function write(root, file, content) {
  fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  fs.writeFileSync(
    path.join(root, file),
    typeof content === 'string'
      ? content
      : `${JSON.stringify(content, null, 2)}\n`,
  );
}

function git(root, ...args) {
  return execFileSync('git', args, {
    cwd: root,
    env: gitEnv,
    encoding: 'utf8',
  }).trim();
}

function commit(root, message) {
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', message);
  return git(root, 'rev-parse', 'HEAD');
}

const libPackage = {
  name: '@test/lib',
  version: '0.1.0',
  files: ['dist', 'migrations', 'config.d.ts'],
  dependencies: { zod: '^3.0.0' },
  devDependencies: { jest: '^30.0.0' },
};

/** A repository with one published and one private package, changesets set up. */
function makeRepo(t) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'changeset-check-'));
  t.after(() => fs.rmSync(root, { recursive: true, force: true }));
  git(root, 'init', '-q', '-b', 'main');
  write(root, 'package.json', { private: true, workspaces: ['packages/*'] });
  write(root, 'packages/lib/package.json', libPackage);
  write(root, 'packages/lib/src/index.ts', 'export const a = 1;\n');
  write(root, 'packages/lib/src/index.test.ts', 'test("a", () => {});\n');
  write(
    root,
    'packages/lib/migrations/001_init.js',
    'exports.up = () => {};\n',
  );
  write(root, 'packages/lib/README.md', '# lib\n');
  write(root, 'packages/example/package.json', {
    name: 'example',
    private: true,
  });
  write(root, 'packages/example/src/index.ts', 'export {};\n');
  commit(root, 'before changesets');
  write(root, '.changeset/config.json', {
    baseBranch: 'main',
    access: 'public',
  });
  write(root, '.changeset/README.md', '# Changesets\n');
  commit(root, 'add changesets');
  return root;
}

function runCheck(root, env = {}) {
  const result = spawnSync(process.execPath, [SCRIPT], {
    cwd: root,
    env: { ...gitEnv, ...env },
    encoding: 'utf8',
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function changeset(name, releases) {
  const lines = Object.entries(releases).map(
    ([pkg, bump]) => `'${pkg}': ${bump}`,
  );
  return `---\n${lines.join('\n')}\n---\n\n${name}\n`;
}

test('a change to a published source without a changeset fails', t => {
  const root = makeRepo(t);
  write(root, 'packages/lib/src/index.ts', 'export const a = 2;\n');
  const { status, output } = runCheck(root);
  assert.equal(status, 1, output);
  assert.match(
    output,
    /@test\/lib changed without a changeset \(packages\/lib\/src\/index\.ts\)/,
  );
  assert.match(output, /the commit that added \.changeset\/config\.json/);
});

test('the same change with a changeset naming the package passes, committed or not', t => {
  const root = makeRepo(t);
  write(root, 'packages/lib/src/index.ts', 'export const a = 2;\n');
  write(
    root,
    '.changeset/brave-cats.md',
    changeset('A is 2.', { '@test/lib': 'minor' }),
  );
  let result = runCheck(root);
  assert.equal(result.status, 0, result.output);
  commit(root, 'a is 2');
  result = runCheck(root);
  assert.equal(result.status, 0, result.output);
});

test('a changeset naming another package does not count', t => {
  const root = makeRepo(t);
  write(root, 'packages/lib/src/index.ts', 'export const a = 2;\n');
  write(root, '.changeset/brave-cats.md', changeset('x', { example: 'patch' }));
  const { status, output } = runCheck(root);
  assert.equal(status, 1, output);
  assert.match(output, /example is not a published package/);
  assert.match(output, /@test\/lib changed without a changeset/);
});

test('changes to tests, test utilities and devDependencies need no changeset', t => {
  const root = makeRepo(t);
  write(root, 'packages/lib/src/index.test.ts', 'test("b", () => {});\n');
  write(root, 'packages/lib/src/__testUtils__/db.ts', 'export {};\n');
  write(root, 'packages/lib/package.json', {
    ...libPackage,
    devDependencies: { jest: '^30.1.0', prettier: '^2.0.0' },
  });
  write(root, 'packages/example/src/index.ts', 'export const b = 1;\n');
  commit(root, 'tests only');
  const { status, output } = runCheck(root);
  assert.equal(status, 0, output);
  assert.match(output, /No published package changed/);
});

test('dependencies, migrations, config.d.ts and the README are published files', t => {
  for (const [file, content] of [
    [
      'packages/lib/package.json',
      { ...libPackage, dependencies: { zod: '^4.0.0' } },
    ],
    ['packages/lib/migrations/002_more.js', 'exports.up = () => {};\n'],
    ['packages/lib/config.d.ts', 'export interface Config {}\n'],
    ['packages/lib/README.md', '# lib, changed\n'],
  ]) {
    const root = makeRepo(t);
    write(root, file, content);
    const { status, output } = runCheck(root);
    assert.equal(status, 1, `${file}: ${output}`);
    assert.match(output, /@test\/lib changed without a changeset/, file);
  }
});

test('after a release (changesets consumed) only later changes count', t => {
  const root = makeRepo(t);
  write(root, 'packages/lib/src/index.ts', 'export const a = 2;\n');
  write(
    root,
    '.changeset/brave-cats.md',
    changeset('A is 2.', { '@test/lib': 'minor' }),
  );
  commit(root, 'a is 2');
  fs.rmSync(path.join(root, '.changeset/brave-cats.md'));
  write(root, 'packages/lib/package.json', { ...libPackage, version: '0.2.0' });
  write(
    root,
    'packages/lib/CHANGELOG.md',
    '# @test/lib\n\n## 0.2.0\n\n- A is 2.\n',
  );
  const release = commit(root, 'Version packages');
  let result = runCheck(root);
  assert.equal(result.status, 0, result.output);
  assert.match(
    result.output,
    new RegExp(`comparing with ${release.slice(0, 12)}, the last release`),
  );
  write(root, 'packages/lib/src/index.ts', 'export const a = 3;\n');
  commit(root, 'a is 3');
  result = runCheck(root);
  assert.equal(result.status, 1, result.output);
});

test('deleting a mistaken changeset is no release and does not move the base', t => {
  const root = makeRepo(t);
  write(root, 'packages/other/package.json', {
    name: '@test/other',
    version: '0.1.0',
  });
  write(root, 'packages/other/src/index.ts', 'export const b = 1;\n');
  commit(root, 'add other');
  write(root, 'packages/lib/src/index.ts', 'export const a = 2;\n');
  write(
    root,
    '.changeset/brave-cats.md',
    changeset('A is 2.', { '@test/lib': 'minor' }),
  );
  write(root, 'packages/other/src/index.ts', 'export const b = 2;\n');
  write(
    root,
    '.changeset/calm-dogs.md',
    changeset('B is 2.', { '@test/other': 'minor' }),
  );
  commit(root, 'a and b are 2');
  fs.rmSync(path.join(root, '.changeset/calm-dogs.md'));
  commit(root, 'drop a changeset');
  const { status, output } = runCheck(root);
  assert.equal(status, 1, output);
  assert.match(output, /the commit that added \.changeset\/config\.json/);
  assert.match(
    output,
    /@test\/other changed without a changeset \(packages\/other\/package\.json, packages\/other\/src\/index\.ts\)/,
  );
  assert.doesNotMatch(output, /@test\/lib changed without a changeset/);
});

test('on a branch the base is the merge-base with origin/main', t => {
  const root = makeRepo(t);
  write(root, 'packages/lib/src/index.ts', 'export const a = 2;\n');
  write(
    root,
    '.changeset/brave-cats.md',
    changeset('A is 2.', { '@test/lib': 'minor' }),
  );
  const main = commit(root, 'a is 2, on main');
  git(root, 'update-ref', 'refs/remotes/origin/main', main);
  write(root, 'packages/lib/src/index.ts', 'export const a = 3;\n');
  commit(root, 'a is 3, on a branch');
  // The changeset on main describes main's change, not the branch's.
  let result = runCheck(root);
  assert.equal(result.status, 1, result.output);
  assert.match(result.output, /the merge-base with origin\/main/);
  write(
    root,
    '.changeset/brave-cats.md',
    changeset('A is 3.', { '@test/lib': 'minor' }),
  );
  result = runCheck(root);
  assert.equal(result.status, 0, result.output);
});

test('GOLDPATH_CHANGESET_BASE wins', t => {
  const root = makeRepo(t);
  write(root, 'packages/lib/src/index.ts', 'export const a = 2;\n');
  commit(root, 'a is 2');
  assert.equal(runCheck(root).status, 1);
  const head = git(root, 'rev-parse', 'HEAD');
  const result = runCheck(root, { GOLDPATH_CHANGESET_BASE: head });
  assert.equal(result.status, 0, result.output);
  assert.equal(
    runCheck(root, { GOLDPATH_CHANGESET_BASE: 'no-such-ref' }).status,
    1,
  );
});
