// W4 accuracy: 1000 tasks every 50 ms (1 s for cron-only peers) for 5 s, plain or with the
// main thread blocked 200 ms each second. Lateness against the intended instant, runs per
// task vs expected, drift (median lateness in the last second minus the first).
// Run r of a task is measured against slot r of its grid: first + r * period.
// `kronos-threaded` is ThreadedScheduler: the same core in a worker thread, driven through its
// Promise proxy with a module-reference action (lib/noop-job.mjs). Its lateness is measured in
// the worker, where runs start: `run.startedAt - run.scheduledAt` of the forwarded `start` event.
import { pathToFileURL } from 'node:url';
import { load, loadKronos } from '../lib/adapters.mjs';
import { SMOKE, block, latencyStats, nowMs, round, runChild, sleep } from '../lib/common.mjs';

const NOOP_JOB = pathToFileURL(new URL('../lib/noop-job.mjs', import.meta.url).pathname).href;

/** Blocks the main thread 200 ms each second, from t0 + 500 ms on. Returns a stop function. */
function blocker(t0) {
  let k = 0;
  let t = null;
  const tick = () => { block(200); k++; t = setTimeout(tick, t0 + k * 1000 + 500 - Date.now()); };
  t = setTimeout(tick, t0 + 500 - Date.now());
  return () => clearTimeout(t);
}

async function threaded({ tasks, seconds, blocked }, out) {
  const { ThreadedScheduler, silentLogger } = await loadKronos();
  if (!ThreadedScheduler) { out.status = 'n/a'; out.reason = 'ThreadedScheduler not in this build'; return; }
  const period = 50;
  out.periodMs = period;
  const s = new ThreadedScheduler({ logger: silentLogger, restart: false });
  const grid = new Map(); // name -> { first, runs }
  const late = [];
  const firstSec = [];
  const lastSec = [];
  s.on('start', ({ task, run }) => {
    const g = grid.get(task.name);
    if (!g) return;
    const at = run.scheduledAt.getTime();
    g.first ??= at; // the worker's own grid: its first slot is add time + initialDelay there
    if (at >= g.first + seconds * 1000) return; // outside the measured window
    const l = run.startedAt.getTime() - at;
    late.push(l);
    if (at < g.first + 1000) firstSec.push(l);
    else if (at >= g.first + (seconds - 1) * 1000) lastSec.push(l);
    g.runs++;
  });
  s.on('error', () => {});
  await s.start();
  const t0 = SMOKE ? Date.now() + 300 : Math.ceil(Date.now() / 1000) * 1000 + 1000;
  const end = t0 + seconds * 1000;
  const action = { module: NOOP_JOB, export: 'default' };
  await Promise.all(Array.from({ length: tasks }, (_, i) => {
    const name = `w4-${i}`;
    grid.set(name, { first: null, runs: 0 });
    const first = t0 + Math.floor((i * period) / tasks);
    return s.addIntervalTask({ name, interval: period, initialDelay: Math.max(0, first - Date.now()), action, processMethod: 'concurrent' });
  }));
  const stopBlocking = blocked ? blocker(t0) : () => {};
  await sleep(end + period + (blocked ? 500 : 300) - Date.now());
  stopBlocking();
  await Promise.race([s.stop({ timeout: 0 }), sleep(2000)]);
  const med = (v) => latencyStats(v).p50 ?? 0;
  out.lateness = latencyStats(late);
  out.latenessResolutionMs = 1; // Dates: whole milliseconds
  const expected = Math.floor((seconds * 1000) / period);
  let min = Infinity, max = 0, sum = 0;
  for (const g of grid.values()) { min = Math.min(min, g.runs); max = Math.max(max, g.runs); sum += g.runs; }
  out.runsPerTask = { expected, mean: round(sum / tasks, 2), min, max };
  out.driftMs = round(med(lastSec) - med(firstSec), 2);
}

runChild('w4', async (lib, { tasks, seconds, blocked }, out) => {
  if (lib === 'kronos-threaded') return threaded({ tasks, seconds, blocked }, out);
  const a = await load(lib);
  if (a.caps.worker) {
    out.status = 'n/a';
    out.reason = 'bree starts a worker thread per run: 20k runs/s of worker start-up is not a timing test';
    return;
  }
  const period = a.caps.subSecond ? 50 : 1000;
  out.periodMs = period;
  a.start();
  // A whole second (cron peers align on it); smoke runs skip the wait.
  const t0 = SMOKE ? Date.now() + 100 : Math.ceil(Date.now() / 1000) * 1000 + 1000;
  const end = t0 + seconds * 1000;
  const samples = []; // [firedAt, lateness]
  const runs = new Uint32Array(tasks);
  for (let i = 0; i < tasks; i++) {
    // Interval engines spread the first runs over one period; cron engines fire on whole seconds.
    const offset = a.caps.subSecond ? Math.floor((i * period) / tasks) : 0;
    let first = t0 + offset;
    const h = a.interval(period, first, () => {
      const now = nowMs();
      const slot = first + runs[i] * period;
      if (now < first - period / 2 || slot >= end) return; // outside the measured window
      // The r-th run of a task stands for the r-th slot of its grid (a skipped slot shows as lateness).
      samples.push(now, now - slot);
      runs[i]++;
    });
    if (!a.caps.firstAt) first = Date.now() + period; // toad: grid starts one period after add
  }
  const stopBlocking = blocked ? blocker(t0) : () => {};
  await sleep(end + period + (blocked ? 500 : 300) - Date.now());
  stopBlocking();
  await Promise.race([a.stop(), sleep(1000)]);
  const late = [];
  const firstSec = [];
  const lastSec = [];
  for (let j = 0; j < samples.length; j += 2) {
    const at = samples[j];
    const l = samples[j + 1];
    late.push(l);
    if (at < t0 + 1000) firstSec.push(l);
    else if (at >= end - 1000) lastSec.push(l);
  }
  const med = (v) => latencyStats(v).p50 ?? 0;
  out.lateness = latencyStats(late);
  const expected = Math.floor((seconds * 1000) / period);
  let min = Infinity, max = 0, sum = 0;
  for (const r of runs) { min = Math.min(min, r); max = Math.max(max, r); sum += r; }
  out.runsPerTask = { expected, mean: round(sum / tasks, 2), min, max };
  out.driftMs = round(med(lastSec) - med(firstSec), 2);
});
