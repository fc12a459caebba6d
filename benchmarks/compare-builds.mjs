// Two builds of the library side by side, the same workloads alternated in fresh processes
// (so that machine noise hits both alike): how a refactor is checked against "performance stays".
//   node benchmarks/compare-builds.mjs <before/dist/index.js> <after/dist/index.js> [reps]
//   CELLS=w1-scale,1000000 node benchmarks/compare-builds.mjs ...   (a subset)
// Prints the median of each figure per build and the after/before ratio.
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const [before, after, reps = '3'] = process.argv.slice(2);
if (!before || !after) {
  console.error('usage: node benchmarks/compare-builds.mjs <before/dist/index.js> <after/dist/index.js> [reps]');
  process.exit(2);
}
const builds = { before: resolve(before), after: resolve(after) };
const cells = [
  ['w1-scale.mjs', 'kronos', { n: 100_000 }, ['usPerSchedule', 'usPerCancel', 'heapPerTask', 'heapLeftAfterCancel']],
  ['w1-scale.mjs', 'kronos-named', { n: 100_000 }, ['usPerSchedule', 'usPerCancel', 'heapPerTask', 'heapLeftAfterCancel']],
  ['w1-scale.mjs', 'kronos', { n: 1_000_000 }, ['usPerSchedule', 'usPerCancel', 'heapPerTask', 'heapLeftAfterCancel']],
  ['w1-scale.mjs', 'kronos-named', { n: 1_000_000 }, ['usPerSchedule', 'usPerCancel', 'heapPerTask', 'heapLeftAfterCancel']],
  ['w2-churn.mjs', 'kronos', { live: 10_000, ops: 100_000 }, ['opsPerSec']],
  ['w2-churn.mjs', 'kronos-named', { live: 10_000, ops: 100_000 }, ['opsPerSec']],
  ['w3-dispatch.mjs', 'kronos', { n: 100_000, leadMs: 12_000 }, ['firstDueToLastFiredMs', 'neverRan']],
];

function once(file, lib, params, entry) {
  const r = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=8192', join(here, 'workloads', file), lib, JSON.stringify(params)], {
    cwd: here, encoding: 'utf8', env: { ...process.env, KRONOS_ENTRY: entry, BENCH_DEADLINE_MS: '50000' },
  });
  const line = (r.stdout ?? '').split('\n').find((l) => l.startsWith('@@RESULT '));
  return line ? JSON.parse(line.slice(9)) : { error: (r.stderr ?? '').trim().split('\n').slice(-2).join(' | ') };
}

const median = (xs) => { const s = xs.filter((x) => typeof x === 'number').sort((a, b) => a - b); return s.length ? s[Math.floor(s.length / 2)] : NaN; };
// CELLS=w1-scale,kronos-named keeps the cells whose description contains every given part.
const parts = process.env.CELLS?.split(',') ?? [];
for (const [file, lib, params, keys] of cells) {
  const label = `${file} ${lib} ${JSON.stringify(params)}`;
  if (!parts.every((p) => label.includes(p))) continue;
  const seen = { before: [], after: [] };
  for (let i = 0; i < Number(reps); i++) for (const name of i % 2 ? ['after', 'before'] : ['before', 'after']) seen[name].push(once(file, lib, params, builds[name]));
  for (const key of keys) {
    const b = median(seen.before.map((r) => r[key]));
    const a = median(seen.after.map((r) => r[key]));
    console.log(`${file.replace('.mjs', '')} ${lib} ${JSON.stringify(params)} ${key}: before ${b}  after ${a}  after/before ${(a / b).toFixed(3)}`);
  }
  const errors = [...seen.before, ...seen.after].filter((r) => r.error).map((r) => r.error);
  if (errors.length) console.log(`  errors: ${errors[0]}`);
}
