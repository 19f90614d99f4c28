#!/usr/bin/env node
/*
 * CI check: a change to the published files of a published package since the
 * base must come with a changeset naming that package (`yarn changeset`).
 *
 * The base, first that applies:
 *   1. GOLDPATH_CHANGESET_BASE (any commit-ish);
 *   2. the merge-base with origin/main, when that ref exists and is not HEAD
 *      (a branch or pull request);
 *   3. the last release: the newest commit that deleted changeset files and
 *      touched a CHANGELOG.md, as `changeset version` does (a commit deleting
 *      a mistaken changeset alone is no release and does not move the base);
 *   4. the commit that added .changeset/config.json.
 * CI runs on a clean clone of main without a remote, so there 3 or 4 apply:
 * everything not yet released must be described by a pending changeset.
 *
 * Published files of a package (not `private`): `package.json` (a change to
 * devDependencies alone does not count), the README, `src/` except tests and
 * test utilities, and the entries of its `files` other than the build output
 * (migrations, config.d.ts, bin, ...). Changesets count when added or changed
 * since the base (or not yet committed).
 *
 *   node scripts/changesets/check.js   (yarn changeset:check)
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const CHANGESET_DIR = '.changeset';
const BUMPS = new Set(['major', 'minor', 'patch', 'none']);
// Build output, generated from src/ (which is checked instead).
const BUILD_OUTPUT = new Set(['dist', 'dist-types', 'dist-packages']);
const TEST_FILE = [
  /\.test\.[cm]?[jt]sx?$/,
  /(^|\/)__(testUtils|fixtures|mocks|snapshots)__\//,
  /(^|\/)setupTests\.[jt]sx?$/,
];

function git(cwd, args, { allowFailure = false } = {}) {
  try {
    return execFileSync('git', args, {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }).trim();
  } catch (error) {
    if (allowFailure) return undefined;
    throw new Error(`git ${args.join(' ')} failed: ${error.stderr || error}`);
  }
}

function lines(text) {
  return text ? text.split('\n').filter(Boolean) : [];
}

/** The base commit and why it was chosen. */
function findBase(root, env = process.env) {
  if (env.GOLDPATH_CHANGESET_BASE) {
    const sha = git(
      root,
      [
        'rev-parse',
        '--verify',
        '-q',
        `${env.GOLDPATH_CHANGESET_BASE}^{commit}`,
      ],
      { allowFailure: true },
    );
    if (!sha) {
      throw new Error(
        `GOLDPATH_CHANGESET_BASE=${env.GOLDPATH_CHANGESET_BASE} is not a commit`,
      );
    }
    return {
      sha,
      reason: `GOLDPATH_CHANGESET_BASE (${env.GOLDPATH_CHANGESET_BASE})`,
    };
  }
  const head = git(root, ['rev-parse', '--verify', '-q', 'HEAD'], {
    allowFailure: true,
  });
  const originMain = git(
    root,
    ['rev-parse', '--verify', '-q', 'refs/remotes/origin/main^{commit}'],
    { allowFailure: true },
  );
  if (originMain && head && originMain !== head) {
    const sha = git(root, ['merge-base', 'HEAD', originMain], {
      allowFailure: true,
    });
    if (sha) return { sha, reason: 'the merge-base with origin/main' };
  }
  if (!head) return undefined;
  const changelogCommits = new Set(
    lines(git(root, ['log', '--format=%H', '--', ':(glob)**/CHANGELOG.md'])),
  );
  const release = lines(
    git(root, [
      'log',
      '--diff-filter=D',
      '--format=%H',
      '--',
      `:(glob)${CHANGESET_DIR}/*.md`,
      `:(exclude)${CHANGESET_DIR}/README.md`,
    ]),
  ).find(sha => changelogCommits.has(sha));
  if (release)
    return {
      sha: release,
      reason:
        'the last release (the newest commit that consumed changesets into a CHANGELOG.md)',
    };
  const added = lines(
    git(root, [
      'log',
      '--diff-filter=A',
      '--format=%H',
      '--',
      `${CHANGESET_DIR}/config.json`,
    ]),
  ).pop();
  if (added)
    return {
      sha: added,
      reason: `the commit that added ${CHANGESET_DIR}/config.json`,
    };
  return undefined;
}

/** Workspace packages (the root package.json `workspaces`, `dir/*` patterns). */
function listPackages(root) {
  const rootPkg = JSON.parse(
    fs.readFileSync(path.join(root, 'package.json'), 'utf8'),
  );
  const patterns = Array.isArray(rootPkg.workspaces)
    ? rootPkg.workspaces
    : rootPkg.workspaces?.packages ?? [];
  const packages = [];
  for (const pattern of patterns) {
    const dirs = pattern.endsWith('/*')
      ? fs.existsSync(path.join(root, pattern.slice(0, -2)))
        ? fs
            .readdirSync(path.join(root, pattern.slice(0, -2)))
            .map(d => `${pattern.slice(0, -2)}/${d}`)
        : []
      : [pattern];
    for (const dir of dirs) {
      const file = path.join(root, dir, 'package.json');
      if (!fs.existsSync(file)) continue;
      packages.push({ dir, pkg: JSON.parse(fs.readFileSync(file, 'utf8')) });
    }
  }
  return packages;
}

function withoutDevDependencies(text) {
  try {
    const { devDependencies, ...rest } = JSON.parse(text);
    return JSON.stringify(rest);
  } catch {
    return text;
  }
}

/** Whether `rel` (a path inside the package) is a published file. */
function isPublishedFile(rel, pkg) {
  if (rel === 'package.json') return true;
  if (/^readme(\.md)?$/i.test(rel)) return true;
  if (TEST_FILE.some(re => re.test(rel))) return false;
  if (rel.startsWith('src/')) return true;
  for (const entry of pkg.files ?? []) {
    const clean = entry.replace(/^\.\//, '').replace(/\/(\*\*?)?$/, '');
    if (BUILD_OUTPUT.has(clean)) continue;
    if (rel === clean || rel.startsWith(`${clean}/`)) return true;
  }
  return false;
}

/** Package names and bumps named in a changeset's front matter. */
function parseChangeset(text) {
  const match = /^---\r?\n([\s\S]*?)\r?\n?---/.exec(text);
  if (!match) return undefined;
  const releases = [];
  for (const line of lines(match[1])) {
    const entry = /^\s*(['"]?)([^'":]+)\1\s*:\s*(\S+)\s*$/.exec(line);
    if (!entry) return undefined;
    releases.push({ name: entry[2].trim(), type: entry[3] });
  }
  return releases;
}

function check(root, env = process.env) {
  const problems = [];
  const base = findBase(root, env);
  if (!base) {
    return {
      base,
      problems,
      changed: [],
      message: `No base to compare with: ${CHANGESET_DIR}/config.json is not committed yet.`,
    };
  }
  const changedFiles = new Set([
    ...lines(git(root, ['diff', '--name-only', '--no-renames', base.sha])),
    ...lines(git(root, ['ls-files', '--others', '--exclude-standard'])),
  ]);
  const packages = listPackages(root);
  const published = new Map(
    packages.filter(p => !p.pkg.private).map(p => [p.pkg.name, p]),
  );
  const byDir = packages.map(p => ({ ...p, prefix: `${p.dir}/` }));

  const changed = new Map();
  for (const file of [...changedFiles].sort()) {
    const owner = byDir.find(p => file.startsWith(p.prefix));
    if (!owner || owner.pkg.private) continue;
    const rel = file.slice(owner.prefix.length);
    if (!isPublishedFile(rel, owner.pkg)) continue;
    if (rel === 'package.json') {
      const before = git(root, ['show', `${base.sha}:${file}`], {
        allowFailure: true,
      });
      const after = fs.existsSync(path.join(root, file))
        ? fs.readFileSync(path.join(root, file), 'utf8')
        : undefined;
      if (
        before !== undefined &&
        after !== undefined &&
        withoutDevDependencies(before) === withoutDevDependencies(after)
      )
        continue;
    }
    if (!changed.has(owner.pkg.name)) changed.set(owner.pkg.name, []);
    changed.get(owner.pkg.name).push(file);
  }

  const named = new Set();
  const changesetFiles = [...changedFiles].filter(
    f =>
      f.startsWith(`${CHANGESET_DIR}/`) &&
      f.endsWith('.md') &&
      f !== `${CHANGESET_DIR}/README.md`,
  );
  for (const file of changesetFiles) {
    const full = path.join(root, file);
    if (!fs.existsSync(full)) continue; // consumed or deleted
    const releases = parseChangeset(fs.readFileSync(full, 'utf8'));
    if (!releases) {
      problems.push(
        `${file}: not a changeset (expected front matter between --- lines naming packages and bumps)`,
      );
      continue;
    }
    for (const { name, type } of releases) {
      if (!published.has(name)) {
        problems.push(
          `${file}: ${name} is not a published package of this repository`,
        );
      } else if (!BUMPS.has(type)) {
        problems.push(
          `${file}: ${name}: "${type}" is not major, minor, patch or none`,
        );
      } else {
        named.add(name);
      }
    }
  }

  for (const [name, files] of changed) {
    if (named.has(name)) continue;
    const shown =
      files.slice(0, 5).join(', ') +
      (files.length > 5 ? `, and ${files.length - 5} more` : '');
    problems.push(`${name} changed without a changeset (${shown})`);
  }
  return { base, problems, changed: [...changed.keys()], named: [...named] };
}

function main() {
  const root = git(process.cwd(), ['rev-parse', '--show-toplevel']);
  const result = check(root);
  if (!result.base) {
    console.log(result.message);
    return;
  }
  console.log(
    `Changesets: comparing with ${result.base.sha.slice(0, 12)}, ${
      result.base.reason
    }`,
  );
  console.log(
    result.changed.length
      ? `Published packages changed since then: ${result.changed.join(', ')}`
      : 'No published package changed since then.',
  );
  if (result.problems.length > 0) {
    for (const problem of result.problems) console.error(`  ${problem}`);
    console.error(
      '\nAdd a changeset naming each changed package: `yarn changeset` (see .changeset/README.md).',
    );
    process.exit(1);
  }
}

try {
  main();
} catch (error) {
  console.error(error.message ?? error);
  process.exit(1);
}
