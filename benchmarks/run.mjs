// Runs every workload for every library, each in a fresh `node --expose-gc` child, collects the
// one-line JSON results into results/results.json, then writes docs/benchmarks.md and the SVGs.
//   node run.mjs                 full run (peers need `npm ci` here first)
//   BENCH_SMOKE=1 node run.mjs   tiny sizes, a few seconds; without node_modules only ours + yardsticks
//   BENCH_ONLY=w1,w3 node run.mjs   a subset of workloads
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { ALL, NAMED, OURS, PEERS, THREADED, YARDSTICKS } from './lib/adapters.mjs';
import { gitRev, renderReport } from './report/render.mjs';
import { renderDurable, spliceDurable } from './report/durable.mjs';
import { compareW5 } from './lib/w5-compare.mjs';
import { runW9 } from './lib/w9-run.mjs';

/** Run after each of W3's solo runs: the same workload on a bare tinyqueue + one timer, that minute. */
const W3_YARDSTICK = 'tinyqueue-loop';

const here = dirname(fileURLToPath(import.meta.url));
const SMOKE = process.env.BENCH_SMOKE === '1';
const havePeers = existsSync(join(here, 'node_modules', 'croner'));
// Smoke runs only ours and the yardsticks unless BENCH_SMOKE_PEERS=1 (and peers are installed).
const allLibs = havePeers && (!SMOKE || process.env.BENCH_SMOKE_PEERS === '1') ? ALL : [OURS, ...YARDSTICKS];
// BENCH_LIBS=croner,kronos limits the libraries; with BENCH_MERGE=1 the rows of this run replace
// the same (workload, library) rows of the last results/results.json (marked `rerun`), and the
// docs are rendered from the merged results.
const libs = process.env.BENCH_LIBS ? allLibs.filter((l) => process.env.BENCH_LIBS.split(',').includes(l)) : allLibs;
// W1 and W2 lead with named tasks (addIntervalTask, cancel by name); unnamed Task objects follow.
const namedLibs = !process.env.BENCH_LIBS || process.env.BENCH_LIBS.split(',').includes(NAMED) ? [NAMED, ...libs] : libs;
const CHILD_LIMIT_MS = 60_000;

const S = SMOKE
  ? { w1: [1000], w2: { live: 500, ops: 5000 }, w8: { n: 2000 }, w3: { n: 2000, leadMs: 300 }, w4: { tasks: 50, seconds: 0.5 }, w5: { count: 500 }, w6: { days: 30 }, w7: { seconds: 0.5 } }
  : { w1: [10_000, 100_000, 1_000_000], w2: { live: 10_000, ops: 100_000 }, w8: { n: 1_000_000 }, w3: { n: 100_000, leadMs: 12_000 }, w4: { tasks: 1000, seconds: 5 }, w5: { count: 10_000 }, w6: { days: 30 }, w7: { seconds: 3 } };
const only = process.env.BENCH_ONLY?.split(',');
const want = (w) => !only || only.includes(w);

function child(file, lib, params, limitMs = CHILD_LIMIT_MS, smokeMs = 8000) {
  return new Promise((resolve) => {
    const env = { ...process.env, BENCH_DEADLINE_MS: String(SMOKE ? smokeMs : limitMs - 10_000) };
    const p = spawn(process.execPath, ['--expose-gc', '--max-old-space-size=8192', join(here, 'workloads', file), lib, JSON.stringify(params)], { cwd: here, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    let killed = false;
    const kill = setTimeout(() => { killed = true; p.kill('SIGKILL'); }, limitMs + 5000);
    p.on('close', (code, signal) => {
      clearTimeout(kill);
      const line = stdout.split('\n').find((l) => l.startsWith('@@RESULT '));
      if (line) resolve(JSON.parse(line.slice(9)));
      else if (killed) resolve({ lib, params, status: 'crashed', error: `killed by the parent at the ${(limitMs + 5000) / 1000} s child limit (no result line; its own deadline guard never got the event loop)` });
      else resolve({ lib, params, status: 'crashed', error: `exit ${code ?? signal}: ${(stderr.split('\n').find((l) => /Error|error:/.test(l)) ?? stderr.trim().split('\n').slice(-3).join(' | ')).trim().slice(0, 300)}` });
    });
  });
}

function show(r) {
  const keys = Object.entries(r).filter(([k]) => !['workload', 'lib', 'params', 'node'].includes(k));
  console.log(`  ${r.lib.padEnd(15)} ${JSON.stringify(Object.fromEntries(keys)).slice(0, 220)}`);
}

// BENCH_RENDER=1: only re-render docs/ from the last results/results.json.
if (process.env.BENCH_RENDER === '1' && process.env.BENCH_ONLY === 'w9') {
  spliceDurable(join(here, '..', 'docs', 'benchmarks.md'), renderDurable(JSON.parse(readFileSync(join(here, 'results', 'w9.json'), 'utf8'))));
  console.log('wrote the W9 section of docs/benchmarks.md');
  process.exit(0);
}
if (process.env.BENCH_RENDER === '1') {
  const out = await renderReport(JSON.parse(readFileSync(join(here, 'results', 'results.json'), 'utf8')), { peers: PEERS });
  console.log(`wrote ${out.join(', ')}`);
  process.exit(0);
}

const results = { smoke: SMOKE, havePeers, date: new Date().toISOString(), sizes: S, runs: {} };
// Each row names the commit it was measured on: a merged re-run mixes rows of several.
const COMMIT = gitRev();
const record = (key, r) => { (results.runs[key] ??= []).push({ ...r, commit: COMMIT }); show(r); };

// The ratio-gated rows (W1 and W2: kronos against toad-scheduler) come from REPS rounds, the
// libraries alternated in each round so that the machine's swings (±20 % here from one minute
// to the next) hit them alike. The round whose ratio of named kronos to toad-scheduler is the
// median gives every library's row, each row keeping its figure of every round (`reps`).
const REPS = SMOKE ? 1 : Number(process.env.BENCH_REPS ?? 3);
const RATIO_LIBS = [NAMED, OURS, 'toad-scheduler'];
const gated = namedLibs.filter((lib) => RATIO_LIBS.includes(lib));
const ungated = namedLibs.filter((lib) => !RATIO_LIBS.includes(lib));
async function alternated(key, file, libsHere, params, metric, lowerIsBetter) {
  const rounds = [];
  for (let round = 0; round < REPS; round++) {
    const rows = new Map();
    for (const lib of libsHere) rows.set(lib, await child(file, lib, params));
    rounds.push(rows);
  }
  const ratio = (rows) => {
    const ours = rows.get(NAMED)?.[metric] ?? rows.get(OURS)?.[metric];
    const toad = rows.get('toad-scheduler')?.[metric];
    if (typeof ours !== 'number' || typeof toad !== 'number') return Number.NaN;
    return lowerIsBetter ? toad / ours : ours / toad;
  };
  const byRatio = rounds.filter((rows) => !Number.isNaN(ratio(rows))).sort((x, y) => ratio(x) - ratio(y));
  const median = byRatio.length > 0 ? byRatio[Math.floor((byRatio.length - 1) / 2)] : rounds[0];
  for (const lib of libsHere) {
    const row = median.get(lib);
    record(key, rounds.length > 1 ? { ...row, reps: rounds.map((rows) => rows.get(lib)?.[metric] ?? null) } : row);
  }
}

if (want('w1')) for (const n of S.w1) {
  console.log(`W1 scale N=${n}`);
  await alternated('w1', 'w1-scale.mjs', gated, { n }, 'usPerSchedule', true);
  for (const lib of ungated) {
    const prev = results.runs.w1?.filter((r) => r.lib === lib && r.params.n < n).at(-1);
    if (prev && !prev.complete) { record('w1', { lib, params: { n }, status: 'skipped', reason: `did not finish N=${prev.params.n} within the budget` }); continue; }
    if (lib === 'bree' && n > 10_000) { record('w1', { lib, params: { n }, status: 'n/a', reason: 'bree validates and registers every job with worker bookkeeping; measured at 10k only' }); continue; }
    record('w1', await child('w1-scale.mjs', lib, { n }));
  }
}
if (want('w2')) {
  console.log('W2 churn');
  await alternated('w2', 'w2-churn.mjs', gated, S.w2, 'opsPerSec', false);
  for (const lib of ungated) record('w2', await child('w2-churn.mjs', lib, S.w2));
}
if (want('w3')) { console.log('W3 dispatch'); for (const lib of libs) record('w3', lib === 'bree' ? { lib, params: S.w3, status: 'n/a', reason: 'one worker thread per run: 100k workers in 100 ms is not a meaningful workload' } : await child('w3-dispatch.mjs', lib, S.w3)); }
// W3 holds run after run (DESIGN §9: at least 9 of 10): kronos alone, ten times in a row, each
// in a fresh process after the previous one ended, with the load average it started under.
// The machine's speed moves by half within minutes, so each run is followed by the tinyqueue
// yardstick on the same workload: what the least a heap scheduler can be takes that minute.
if (want('w3') || want('w3solo')) {
  const times = SMOKE ? 2 : Number(process.env.BENCH_W3_SOLO ?? 10);
  console.log(`W3 dispatch: kronos solo, ${times} runs in a row, each followed by ${W3_YARDSTICK}`);
  for (let i = 0; i < times; i++) {
    const load = loadavg()[0];
    const ours = await child('w3-dispatch.mjs', OURS, S.w3);
    const floor = await child('w3-dispatch.mjs', W3_YARDSTICK, S.w3);
    const yardstick = { lib: W3_YARDSTICK, status: floor.status, firstDueToLastFiredMs: floor.firstDueToLastFiredMs ?? null, p99: floor.lateness?.p99 ?? null, neverRan: floor.neverRan ?? null };
    record('w3solo', { ...ours, run: i + 1, loadAtStart: Math.round(load * 100) / 100, yardstick });
  }
}
if (want('w4')) for (const blocked of [false, true]) {
  console.log(`W4 accuracy ${blocked ? 'blocked 200 ms/s' : 'plain'}`);
  for (const lib of [...libs, THREADED]) record('w4', await child('w4-accuracy.mjs', lib, { ...S.w4, blocked }));
}
if (want('w5')) {
  console.log('W5 next-run');
  const rows = [];
  for (const lib of libs) rows.push(await child('w5-next-run.mjs', lib, S.w5));
  results.w5compare = compareW5(rows, S.w5.count); // strips the per-occurrence arrays
  for (const r of rows) record('w5', r);
  for (const [c, x] of Object.entries(results.w5compare)) console.log(`  ${c.padEnd(26)} compared ${x.compared} (${x.engines.join(', ')}): ${x.agree ? 'agree' : 'DISAGREE'}`);
}
if (want('w6')) { console.log('W6 long delay'); for (const lib of libs) record('w6', await child('w6-long-delay.mjs', lib, S.w6)); }
if (want('w7')) { console.log('W7 errors'); for (const lib of libs) record('w7', await child('w7-errors.mjs', lib, S.w7)); }

if (want('w8')) for (const kind of ['cron', 'weekday']) {
  console.log(`W8 reminders: ${S.w8.n.toLocaleString('en-US')} named ${kind} tasks in 20 zones`);
  for (const lib of libs.filter((l) => [OURS, 'croner', 'node-schedule'].includes(l))) record('w8', await child('w8-reminders.mjs', lib, { ...S.w8, kind }));
}

if (want('w9')) await runW9({ smoke: SMOKE, child, record, libs: process.env.BENCH_LIBS?.split(','), withBoss: havePeers && (!SMOKE || process.env.BENCH_SMOKE_PEERS === '1') && (!process.env.BENCH_LIBS || process.env.BENCH_LIBS.split(',').includes('pg-boss')) });

if (want('micro')) {
  console.log('micro: RunQueue');
  spawnSync(process.execPath, [join(here, 'micro', 'queue.mjs')], { cwd: here, stdio: 'inherit', env: process.env });
}

const resultsDir = join(here, 'results');
mkdirSync(resultsDir, { recursive: true });
// W9 alone (BENCH_ONLY=w9) keeps results.json and rewrites only its own section of the docs.
const w9Only = only?.length === 1 && only[0] === 'w9';
const resultsFile = SMOKE ? 'smoke.json' : w9Only ? 'w9.json' : 'results.json';
if (process.env.BENCH_MERGE === '1' && !SMOKE) {
  const prev = JSON.parse(readFileSync(join(resultsDir, resultsFile), 'utf8'));
  for (const [w, rows] of Object.entries(results.runs)) {
    // W3's solo runs share lib and params: their run number tells them apart.
    const same = (a, b) => a.lib === b.lib && a.run === b.run && JSON.stringify(a.params) === JSON.stringify(b.params);
    const old = prev.runs[w] ?? [];
    for (const r of rows) {
      r.rerun = results.date;
      const i = old.findIndex((o) => same(o, r));
      if (i >= 0) old[i] = r; else old.push(r);
    }
    prev.runs[w] = old;
  }
  if (results.w5compare) prev.w5compare = results.w5compare;
  Object.assign(results, { ...prev, runs: prev.runs });
}
writeFileSync(join(resultsDir, resultsFile), JSON.stringify(results, null, 1));
if (w9Only && !SMOKE) {
  spliceDurable(join(here, '..', 'docs', 'benchmarks.md'), renderDurable(results));
  console.log('wrote the W9 section of docs/benchmarks.md');
} else if (!SMOKE || process.env.BENCH_WRITE_DOCS === '1') {
  const out = await renderReport(results, { peers: PEERS });
  console.log(`wrote ${out.join(', ')}`);
} else {
  const bad = Object.values(results.runs).flat().filter((r) => [OURS, NAMED, THREADED, 'kronos-embedded'].includes(r.lib) && !['ok', 'n/a'].includes(r.status));
  if (bad.length) { console.error('smoke: kronos failed:', bad); process.exit(1); }
  console.log(`smoke ok: ${Object.values(results.runs).flat().length} runs, kronos clean`);
}
