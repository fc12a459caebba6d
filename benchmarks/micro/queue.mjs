// Micro-benchmarks of the indexed heap, lib/scheduler/queue.ts RunQueue (from dist/), with
// tinyqueue (a plain heap with no removal, which the library used before) as the floor. Prints a table and writes results/micro.json for the report (micro-smoke.json in a smoke run).
//   node benchmarks/micro/queue.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import TinyQueue from '../lib/tinyqueue-fallback.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, '..', '..', process.env.KRONOS_DIST ?? 'dist');
const { RunQueue } = await import(pathToFileURL(join(dist, 'scheduler', 'queue.js')).href);
const SMOKE = process.env.BENCH_SMOKE === '1';
const N = SMOKE ? 10_000 : 200_000;

function rng(seed) {
  let a = seed >>> 0;
  return () => { a = (a + 0x6d2b79f5) >>> 0; let t = a; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}
const tasks = Array.from({ length: 64 }, (_, i) => ({ config: { priority: 0 }, name: `t${i}` }));
const node = (i) => ({ qid: -1, task: tasks[i & 63] });
const times = Float64Array.from({ length: N }, ((r) => () => Math.floor(r() * 60_000))(rng(3)));

function bench(name, setup, body, ops) {
  let best = Infinity;
  for (let round = 0; round < 5; round++) {
    const state = setup();
    const t = performance.now();
    body(state);
    best = Math.min(best, performance.now() - t);
  }
  return { name, ops, nsPerOp: (best * 1e6) / ops };
}

const results = [
  bench(`RunQueue.push × ${N}`, () => new RunQueue(), (q) => { for (let i = 0; i < N; i++) q.push(node(i), times[i]); }, N),
  bench(`tinyqueue.push × ${N} (floor)`, () => new TinyQueue([], (a, b) => a.at - b.at), (q) => { for (let i = 0; i < N; i++) q.push({ at: times[i] }); }, N),
  bench(`RunQueue.popDue × ${N}`, () => { const q = new RunQueue(); for (let i = 0; i < N; i++) q.push(node(i), times[i]); return q; }, (q) => { while (q.popDue(Infinity)); }, N),
  bench(`tinyqueue.pop × ${N} (floor)`, () => { const q = new TinyQueue([], (a, b) => a.at - b.at); for (let i = 0; i < N; i++) q.push({ at: times[i] }); return q; }, (q) => { while (q.length) q.pop(); }, N),
  bench(`RunQueue.remove × ${N} (indexed)`, () => { const q = new RunQueue(); const e = []; for (let i = 0; i < N; i++) { const n = node(i); q.push(n, times[i]); e.push(n); }; return { q, e }; }, ({ q, e }) => { for (const x of e) q.remove(x); }, N),
  bench(`RunQueue churn: remove + push × ${N} at 10k live`, () => { const q = new RunQueue(); const e = []; for (let i = 0; i < 10_000; i++) { const n = node(i); q.push(n, times[i]); e.push(n); }; return { q, e }; }, ({ q, e }) => { for (let i = 0; i < N; i++) { const k = i % 10_000; q.remove(e[k]); q.push(e[k], times[i]); } }, 2 * N),
  bench(`RunQueue.peek × ${N} after half removed`, () => { const q = new RunQueue(); const e = []; for (let i = 0; i < N; i++) { const n = node(i); q.push(n, times[i]); e.push(n); }; for (let i = 0; i < N; i += 2) q.remove(e[i]); return q; }, (q) => { for (let i = 0; i < N; i++) q.peek(); }, N),
];
for (const r of results) console.log(`${r.name.padEnd(52)} ${r.nsPerOp.toFixed(1).padStart(8)} ns/op`);
mkdirSync(join(here, '..', 'results'), { recursive: true });
// A smoke run (tiny sizes) keeps its own file, as run.mjs keeps smoke.json: the report reads micro.json.
writeFileSync(join(here, '..', 'results', SMOKE ? 'micro-smoke.json' : 'micro.json'), JSON.stringify(results, null, 1));
