#!/usr/bin/env node
/*
 * Declared-vs-used dependency lint for every publishable package (one that is
 * not `private`). Run it after `yarn tsc`: it also reads the declaration files
 * tsc wrote to dist-types/, which are what `package build` bundles into the
 * published .d.ts files.
 *
 *   node scripts/package-hygiene/check-deps.js [--root <repo>]
 *
 * Rules, per package:
 * - an import of a published file is declared in dependencies or
 *   peerDependencies. Published files: src/** except tests and test helpers,
 *   migrations/**, bin/**, config.d.ts, and dist-types/<pkg>/src/**.d.ts
 *   (including `import("x")` type expressions). Only files with a source
 *   extension (.ts, .js, ...) are read: the extensionless bin/ launchers are
 *   not, as they require @backstage/cli (a devDependency) only when run
 *   inside this repository;
 * - an import of a test, test helper, dev/, bench/ or config file is declared
 *   in any of dependencies, peerDependencies or devDependencies;
 * - every dependencies/peerDependencies entry is used by a published file,
 *   every devDependencies entry by some file of the package (or its scripts);
 * - `@types/x` declares `x` for imports that are type-only, and is used by them;
 * - a peer of a declared dependency (as installed) counts as used: a peer
 *   passed on to the app, or a devDependency providing that peer in tests.
 * Node built-ins (with or without `node:`) and the package's own name are fine.
 * Uses invisible to import scanning are listed in exceptions.js, next to this.
 * An exception only excuses a declared dependency that nothing imports; an
 * import that is not declared where it must be is a finding all the same.
 *
 * Exits 1 on any finding, naming the package, the file, the import and the fix.
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { builtinModules } = require('node:module');

const SOURCE_EXT = /\.(ts|tsx|js|jsx|mjs|cjs)$/;
const TEST_PATH =
  /(^|\/)(__fixtures__|__testUtils__|__mocks__|__tests__)(\/|$)|\.(test|spec|stories)\.[cm]?[jt]sx?$|(^|\/)setupTests\.[cm]?[jt]sx?$/;
const BUILTINS = new Set(builtinModules.flatMap(m => [m, `node:${m}`]));

function walk(dir, out = []) {
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else out.push(full);
  }
  return out;
}

function stripComments(text) {
  // Removes block and line comments but keeps string literals intact.
  return text.replace(
    /("(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'|`(?:\\.|[^`\\])*`)|\/\*[\s\S]*?\*\/|\/\/[^\n]*/g,
    (m, str) => (str ? str : ' '),
  );
}

/** Every module specifier of a file, with whether its use is type-only. */
function importsOf(file) {
  const text = stripComments(fs.readFileSync(file, 'utf8'));
  const isDts = file.endsWith('.d.ts');
  const found = [];
  const add = (spec, typeOnly) =>
    found.push({ spec, typeOnly: isDts || typeOnly });
  const fromRe =
    /\b(import|export)\s+(type\s+)?([^'";]*?)\s*from\s*['"]([^'"]+)['"]/g;
  for (const m of text.matchAll(fromRe)) {
    const clause = m[3].trim();
    const typeOnly =
      !!m[2] ||
      (/^\{[^}]*\}$/.test(clause) &&
        clause
          .slice(1, -1)
          .split(',')
          .every(s => !s.trim() || /^type\s/.test(s.trim())));
    add(m[4], typeOnly);
  }
  for (const m of text.matchAll(/\bimport\s+['"]([^'"]+)['"]/g))
    add(m[1], false);
  for (const m of text.matchAll(
    /\b(import|require|require\.resolve|jest\.mock|jest\.requireActual)\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  )) {
    // import("x") in a .d.ts is a type expression; elsewhere it loads x.
    add(m[2], isDts);
  }
  return found;
}

function packageNameOf(spec) {
  if (spec.startsWith('.') || spec.startsWith('/')) return undefined;
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const typesNameOf = name =>
  name.startsWith('@')
    ? `@types/${name.slice(1).replace('/', '__')}`
    : `@types/${name}`;

/** The package.json of `name` as installed for a package in `fromDir`. */
function installedManifest(name, fromDir, root) {
  for (let d = fromDir; ; d = path.dirname(d)) {
    const file = path.join(d, 'node_modules', name, 'package.json');
    if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8'));
    if (d === root || d === path.dirname(d)) return undefined;
  }
}

function loadExceptions(root) {
  const file = path.join(root, 'scripts/package-hygiene/exceptions.js');
  return fs.existsSync(file) ? require(file) : {};
}

function listPackages(root) {
  const dirs = [];
  for (const base of ['packages', 'plugins']) {
    const abs = path.join(root, base);
    if (!fs.existsSync(abs)) continue;
    for (const name of fs.readdirSync(abs).sort()) {
      const pj = path.join(abs, name, 'package.json');
      if (fs.existsSync(pj)) dirs.push(path.join(base, name));
    }
  }
  return dirs;
}

/** Findings for one package directory (relative to root). */
function checkPackage(root, relDir, exceptions = {}) {
  const dir = path.join(root, relDir);
  const pkg = JSON.parse(
    fs.readFileSync(path.join(dir, 'package.json'), 'utf8'),
  );
  const findings = [];
  const report = (file, what, fix) =>
    findings.push({
      pkg: pkg.name,
      file: file && path.relative(root, file),
      what,
      fix,
    });
  const allowed = exceptions[pkg.name] || {};

  const deps = Object.keys(pkg.dependencies || {});
  const peers = Object.keys(pkg.peerDependencies || {});
  const devs = Object.keys(pkg.devDependencies || {});
  const published = new Set([...deps, ...peers]);
  const any = new Set([...published, ...devs]);

  // Which files are published, and which only tests, tooling or config.
  const publishedFiles = [];
  const otherFiles = [];
  for (const file of walk(dir)) {
    const rel = path.relative(dir, file).split(path.sep).join('/');
    if (!SOURCE_EXT.test(rel)) continue;
    if (rel.startsWith('src/')) {
      (TEST_PATH.test(rel) ? otherFiles : publishedFiles).push(file);
    } else if (
      rel === 'config.d.ts' ||
      rel.startsWith('migrations/') ||
      rel.startsWith('bin/')
    ) {
      publishedFiles.push(file);
    } else {
      otherFiles.push(file);
    }
  }
  const typesDir = path.join(root, 'dist-types', relDir, 'src');
  // Only declarations of sources that still exist (dist-types is not cleaned
  // when a source file is deleted or renamed).
  const declarationFiles = walk(typesDir).filter(f => {
    if (!f.endsWith('.d.ts')) return false;
    const rel = path.relative(typesDir, f).split(path.sep).join('/');
    const base = rel.replace(/\.d\.ts$/, '');
    if (TEST_PATH.test(`${base}.ts`)) return false;
    return ['.ts', '.tsx', '.js', '.jsx', '.mts', '.cts'].some(ext =>
      fs.existsSync(path.join(dir, 'src', base + ext)),
    );
  });
  if (!fs.existsSync(typesDir)) {
    report(
      undefined,
      `no declaration files under ${path.relative(root, typesDir)}`,
      'run `yarn tsc` first',
    );
  }

  const usedPublished = new Set();
  const usedAny = new Set();
  const seen = new Set();
  const check = (file, accepted, kind) => {
    const markUsed = name => {
      if (kind === 'published') usedPublished.add(name);
      usedAny.add(name);
    };
    for (const { spec, typeOnly } of importsOf(file)) {
      const name = packageNameOf(spec);
      if (
        !name ||
        BUILTINS.has(spec) ||
        BUILTINS.has(name) ||
        name === pkg.name
      )
        continue;
      const types = typesNameOf(name);
      let hit;
      if (accepted.has(name)) hit = name;
      else if (typeOnly && accepted.has(types)) hit = types;
      // An import of x also uses a declared @types/x (its typings).
      if (any.has(types)) markUsed(types);
      if (hit) {
        markUsed(hit);
        continue;
      }
      const key = `${file}\0${name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const where =
        kind === 'published'
          ? 'dependencies (or peerDependencies)'
          : 'devDependencies';
      const also =
        kind === 'published' && devs.includes(name)
          ? ` (it is only in devDependencies; move it)`
          : '';
      report(
        file,
        `imports '${spec}', which is not declared${also}`,
        `add "${name}" to ${where} of ${relDir}/package.json`,
      );
    }
  };
  for (const f of [...publishedFiles, ...declarationFiles])
    check(f, published, 'published');
  for (const f of otherFiles) check(f, any, 'other');

  // A peer of a declared dependency is used: as a peerDependency it is passed
  // on to the app (react-dom for @backstage/frontend-plugin-api), as a
  // devDependency it provides that peer in tests (@testing-library/dom).
  const peersOf = names => {
    const out = new Set();
    for (const name of names) {
      const manifest = installedManifest(name, dir, root);
      for (const peer of Object.keys(manifest?.peerDependencies || {}))
        out.add(peer);
    }
    return out;
  };
  const peersOfPublished = peersOf(published);
  const peersOfAny = peersOf(any);
  for (const name of peers)
    if (peersOfPublished.has(name)) usedPublished.add(name);
  for (const name of devs) if (peersOfAny.has(name)) usedAny.add(name);

  const scripts = Object.values(pkg.scripts || {}).join(' ');
  for (const name of [...deps, ...peers]) {
    if (usedPublished.has(name) || allowed[name]) continue;
    const field = deps.includes(name) ? 'dependencies' : 'peerDependencies';
    const inTests = usedAny.has(name);
    report(
      path.join(dir, 'package.json'),
      `declares "${name}" in ${field}, but no published file imports it`,
      inTests
        ? `move it to devDependencies (only tests use it)`
        : `remove it from ${field}`,
    );
  }
  for (const name of devs) {
    if (usedAny.has(name) || usedPublished.has(name) || allowed[name]) continue;
    // The package's scripts run backstage-cli; a peer is installed for tests.
    if (name === '@backstage/cli' && /backstage-cli/.test(scripts)) continue;
    if (peers.includes(name)) continue;
    report(
      path.join(dir, 'package.json'),
      `declares "${name}" in devDependencies, but nothing imports it`,
      'remove it from devDependencies',
    );
  }
  for (const name of Object.keys(allowed)) {
    if (!any.has(name)) {
      report(
        path.join(root, 'scripts/package-hygiene/exceptions.js'),
        `has an exception for "${name}", which ${pkg.name} does not declare`,
        'remove the stale exception',
      );
    } else if (
      usedPublished.has(name) ||
      (devs.includes(name) && usedAny.has(name))
    ) {
      report(
        path.join(root, 'scripts/package-hygiene/exceptions.js'),
        `has an exception for "${name}", which ${pkg.name} visibly uses`,
        'remove the exception, it is not needed',
      );
    }
  }
  return findings;
}

function main(argv) {
  const rootIdx = argv.indexOf('--root');
  const root = path.resolve(
    rootIdx >= 0 ? argv[rootIdx + 1] : path.join(__dirname, '../..'),
  );
  const exceptions = loadExceptions(root);
  const findings = [];
  let checked = 0;
  for (const relDir of listPackages(root)) {
    const pkg = JSON.parse(
      fs.readFileSync(path.join(root, relDir, 'package.json'), 'utf8'),
    );
    if (pkg.private) continue;
    checked++;
    findings.push(...checkPackage(root, relDir, exceptions));
  }
  for (const f of findings) {
    console.error(
      `${f.pkg}: ${f.file ? `${f.file}: ` : ''}${f.what}\n  -> ${f.fix}`,
    );
  }
  if (findings.length) {
    console.error(
      `\n${findings.length} dependency finding(s) in ${checked} publishable packages`,
    );
    return 1;
  }
  console.log(
    `Dependencies declared and used in all ${checked} publishable packages`,
  );
  return 0;
}

module.exports = { checkPackage };

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
