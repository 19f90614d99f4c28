#!/usr/bin/env node
// Summarises a `node --cpu-prof` profile of the benchmark: self time by
// package (or our source folder) and the top functions. Usage:
//   node --cpu-prof --cpu-prof-dir=/tmp/prof plugins/dora-backend/bench/run.js --runs 100x10000 --no-write
//   node plugins/dora-backend/bench/profile-summary.js /tmp/prof/CPU.*.cpuprofile
const fs = require('node:fs');

const profile = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const byId = new Map(profile.nodes.map(n => [n.id, n]));
const self = new Map();
const dt = profile.timeDeltas;
for (let i = 0; i < profile.samples.length; i++) {
  self.set(
    profile.samples[i],
    (self.get(profile.samples[i]) ?? 0) + (dt[i] ?? 0),
  );
}
const total = [...self.values()].reduce((a, b) => a + b, 0);
const where = url => {
  if (!url) return '(native / idle / gc)';
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1];
  const s = /plugins\/([^/]+)\/(?:src|bench)\/(?:([^/]+)\/)?/.exec(url);
  if (s) return `${s[1]}/${s[2] ?? ''}`;
  if (url.startsWith('node:')) return 'node core';
  return url.replace(/^.*\//, '');
};
const groups = new Map();
const fns = new Map();
for (const [id, us] of self) {
  const n = byId.get(id);
  const f = n.callFrame;
  const g = f.url ? where(f.url) : f.functionName || '(native / idle / gc)';
  groups.set(g, (groups.get(g) ?? 0) + us);
  const key = `${f.functionName || '(anonymous)'} ${where(f.url)}`;
  fns.set(key, (fns.get(key) ?? 0) + us);
}
const show = (title, map, n) => {
  console.log(title);
  for (const [k, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, n)) {
    console.log(`  ${((100 * us) / total).toFixed(1).padStart(5)} %  ${k}`);
  }
};
console.log(`total ${(total / 1e6).toFixed(1)} s sampled`);
show('self time by package / folder:', groups, 15);
show('top functions:', fns, 20);
