#!/usr/bin/env node
/*
 * yarn build:packages: builds every publishable package of the repository and
 * packs each to a tarball in dist-packages/ (git-ignored), the way it would be
 * published to npm.
 *
 *   1. `yarn tsc` (the declarations `package build` bundles come from dist-types);
 *   2. each publishable workspace (`private` not true) its own `build` script,
 *      in parallel: a build bundles its package's own sources and reads the
 *      declarations of the others from dist-types, not their builds;
 *   3. `yarn pack` of each: yarn rewrites `workspace:` ranges to the version,
 *      Backstage's prepack/postpack apply `publishConfig` (main/types into dist,
 *      exports, the compiled config schema);
 *   4. a check of every tarball's package.json: no `workspace:` range left,
 *      main/types/exports pointing at files inside the tarball, and every entry of
 *      `files` present.
 *
 * Options: --out <dir> (default dist-packages), --skip-tsc, --jobs <n>
 * (parallel builds and packs; default: one per CPU).
 * Exits non-zero on the first failure.
 */

'use strict';

const { spawn, spawnSync } = require('node:child_process');
const os = require('node:os');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');
const YARN = path.join(
  ROOT,
  '.yarn/releases',
  fs
    .readdirSync(path.join(ROOT, '.yarn/releases'))
    .find(f => /^yarn-.*\.cjs$/.test(f)),
);

function parseArgs(argv) {
  const opts = {
    out: path.join(ROOT, 'dist-packages'),
    skipTsc: false,
    jobs: Math.max(1, os.availableParallelism?.() ?? os.cpus().length),
  };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') opts.out = path.resolve(argv[++i]);
    else if (argv[i] === '--skip-tsc') opts.skipTsc = true;
    else if (argv[i] === '--jobs')
      opts.jobs = Math.max(1, Number(argv[++i]) || 1);
    else {
      console.error(`build:packages: unknown option ${argv[i]}`);
      process.exit(2);
    }
  }
  return opts;
}

function step(msg) {
  console.log(`\n\x1b[1m==> ${msg}\x1b[0m`);
}

function fail(msg) {
  console.error(`\nbuild:packages: FAILED: ${msg}`);
  process.exit(1);
}

function run(args, cwd, label) {
  const started = Date.now();
  const res = spawnSync(process.execPath, [YARN, ...args], {
    cwd,
    stdio: 'inherit',
    env: process.env,
  });
  if (res.status !== 0) {
    fail(`${label} exited with ${res.status ?? res.signal}`);
  }
  return (Date.now() - started) / 1000;
}

/**
 * Runs `yarn <args>` in each item's folder, `jobs` at a time. The output of
 * each run is kept and printed whole when it ends, so parallel runs do not
 * interleave. Fails after all started runs end if any failed.
 */
async function runAll(items, jobs, argsOf, labelOf, after = () => {}) {
  const queue = [...items];
  const failures = [];
  const worker = async () => {
    for (let item = queue.shift(); item; item = queue.shift()) {
      const started = Date.now();
      const label = labelOf(item);
      const { status, output } = await new Promise(resolve => {
        const child = spawn(process.execPath, [YARN, ...argsOf(item)], {
          cwd: item.dir,
          env: process.env,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        const chunks = [];
        child.stdout.on('data', c => chunks.push(c));
        child.stderr.on('data', c => chunks.push(c));
        child.on('close', (code, signal) =>
          resolve({
            status: code ?? signal,
            output: Buffer.concat(chunks).toString(),
          }),
        );
      });
      after(item);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(`--- ${label} (${seconds}s)`);
      if (status !== 0) {
        process.stdout.write(output);
        failures.push(`${label} exited with ${status}`);
      }
    }
  };
  await Promise.all(Array.from({ length: jobs }, worker));
  if (failures.length) fail(failures.join('; '));
}

/** The workspaces of the root package.json (folders matching `<dir>/*`). */
function workspaces() {
  const root = JSON.parse(
    fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'),
  );
  const result = [];
  for (const pattern of root.workspaces) {
    const base = pattern.replace(/\/\*$/, '');
    for (const entry of fs.readdirSync(path.join(ROOT, base)).sort()) {
      const dir = path.join(ROOT, base, entry);
      const pkgPath = path.join(dir, 'package.json');
      if (!fs.existsSync(pkgPath)) continue;
      result.push({ dir, pkg: JSON.parse(fs.readFileSync(pkgPath, 'utf8')) });
    }
  }
  return result;
}

function tarballName(pkg) {
  // @goldpath/plugin-dora -> goldpath-plugin-dora.tgz (no version, so the
  // README's resolutions stay the same from release to release)
  return `${pkg.name.replace(/^@/, '').replace('/', '-')}.tgz`;
}

/** Undo a prepack that postpack did not revert (a failed pack). */
function restorePrepack(dir) {
  const backup = path.join(dir, 'package.json-prepack');
  if (fs.existsSync(backup)) {
    fs.renameSync(backup, path.join(dir, 'package.json'));
    console.error(
      `build:packages: restored ${path.relative(
        ROOT,
        dir,
      )}/package.json from its prepack backup`,
    );
  }
}

function listTarball(file) {
  const res = spawnSync('tar', ['-tzf', file], { encoding: 'utf8' });
  if (res.status !== 0) fail(`cannot list ${file}: ${res.stderr}`);
  return res.stdout
    .split('\n')
    .filter(Boolean)
    .map(p => p.replace(/^package\//, ''));
}

function readTarballManifest(file) {
  const res = spawnSync('tar', ['-xzOf', file, 'package/package.json'], {
    encoding: 'utf8',
  });
  if (res.status !== 0)
    fail(`cannot read package.json of ${file}: ${res.stderr}`);
  return JSON.parse(res.stdout);
}

/** Every fault of a packed manifest, as readable sentences. */
function checkTarball(file, source) {
  const faults = [];
  const entries = listTarball(file);
  const has = p => {
    const n = p.replace(/^\.\//, '').replace(/\/$/, '');
    return entries.some(e => e === n || e.startsWith(`${n}/`));
  };
  const pkg = readTarballManifest(file);
  for (const field of [
    'dependencies',
    'peerDependencies',
    'optionalDependencies',
  ]) {
    for (const [name, range] of Object.entries(pkg[field] ?? {})) {
      if (/^(workspace|link|portal|file):/.test(range)) {
        faults.push(`${field}.${name} is still "${range}"`);
      }
    }
  }
  for (const field of ['main', 'module', 'types', 'bin']) {
    const values =
      typeof pkg[field] === 'object' && pkg[field] !== null
        ? Object.values(pkg[field])
        : pkg[field] === undefined
        ? []
        : [pkg[field]];
    for (const value of values) {
      if (/(^|\/)src\//.test(value))
        faults.push(`${field} points into src: ${value}`);
      else if (!has(value))
        faults.push(`${field} names ${value}, which is not in the tarball`);
    }
  }
  const walkExports = (node, where) => {
    if (typeof node === 'string') {
      if (/(^|\/)src\//.test(node))
        faults.push(`exports${where} points into src: ${node}`);
      else if (!has(node))
        faults.push(
          `exports${where} names ${node}, which is not in the tarball`,
        );
    } else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        // `backstage` is Backstage's feature-detection marker
        // (@backstage/FrontendPlugin, ...), not a path.
        if (k === 'backstage') continue;
        walkExports(v, `${where}[${JSON.stringify(k)}]`);
      }
    }
  };
  walkExports(pkg.exports, '');
  for (const [sub, map] of Object.entries(pkg.typesVersions ?? {})) {
    for (const [key, targets] of Object.entries(map)) {
      for (const t of targets) {
        if (!has(t))
          faults.push(
            `typesVersions[${sub}][${key}] names ${t}, which is not in the tarball`,
          );
      }
    }
  }
  for (const f of pkg.files ?? []) {
    if (!/[*?]/.test(f) && !has(f))
      faults.push(`files lists ${f}, which is not in the tarball`);
  }
  // What a backend package reads at runtime next to its code.
  if (
    fs.existsSync(path.join(source.dir, 'migrations')) &&
    !has('migrations')
  ) {
    faults.push('the package has migrations/ but the tarball does not');
  }
  if (source.pkg.configSchema && !pkg.configSchema) {
    faults.push('configSchema was dropped');
  } else if (pkg.configSchema && !has(pkg.configSchema)) {
    faults.push(
      `configSchema names ${pkg.configSchema}, which is not in the tarball`,
    );
  }
  if (!has('dist')) faults.push('no dist/ in the tarball');
  return { faults, entries: entries.length, pkg };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const publishable = workspaces().filter(w => w.pkg.private !== true);
  console.log(`Publishable packages (${publishable.length}):`);
  for (const w of publishable)
    console.log(`  ${w.pkg.name} (${path.relative(ROOT, w.dir)})`);

  if (!opts.skipTsc) {
    step('yarn tsc (declarations for the builds)');
    const t = run(['tsc'], ROOT, 'yarn tsc');
    console.log(`tsc: ${t.toFixed(0)}s`);
  }

  // Builds bundle a package's own sources and take declarations from
  // dist-types; packs touch only their own package.json (prepack/postpack).
  // So both run in parallel, one job per CPU unless --jobs says otherwise.
  step(`Building ${publishable.length} packages (${opts.jobs} at a time)`);
  for (const w of publishable) {
    if (!w.pkg.scripts?.build) fail(`${w.pkg.name} has no build script`);
  }
  await runAll(
    publishable,
    opts.jobs,
    () => ['run', 'build'],
    w => `build ${w.pkg.name}`,
  );

  step(`Packing into ${path.relative(ROOT, opts.out) || opts.out}`);
  fs.rmSync(opts.out, { recursive: true, force: true });
  fs.mkdirSync(opts.out, { recursive: true });
  const packed = publishable.map(w => ({
    w,
    dir: w.dir,
    file: path.join(opts.out, tarballName(w.pkg)),
  }));
  await runAll(
    packed,
    opts.jobs,
    p => ['pack', '--out', p.file],
    p => `pack ${p.w.pkg.name}`,
    p => restorePrepack(p.dir),
  );

  step('Checking the packed manifests');
  let faulty = 0;
  const rows = [];
  for (const { w, file } of packed) {
    const { faults, entries, pkg } = checkTarball(file, w);
    const size = fs.statSync(file).size;
    rows.push([
      path.relative(ROOT, file),
      pkg.name,
      pkg.version,
      `${(size / 1024).toFixed(0)} kB`,
      `${entries} files`,
    ]);
    for (const f of faults) {
      console.error(`  ${pkg.name}: ${f}`);
      faulty++;
    }
  }
  if (faulty) fail(`${faulty} fault(s) in the packed manifests (above)`);

  step(
    `Packed ${packed.length} packages in ${(
      (Date.now() - started) /
      1000
    ).toFixed(0)}s`,
  );
  const widths = rows[0].map((_, i) => Math.max(...rows.map(r => r[i].length)));
  for (const r of rows)
    console.log(`  ${r.map((c, i) => c.padEnd(widths[i])).join('  ')}`);
}

main().catch(error => fail(error.stack ?? String(error)));
