// What W3's dispatch window is made of (docs/benchmarks.md, "W3 run after run"): each part in
// a fresh process, rounds in a row (the first runs cold code, the later ones warm).
//   node benchmarks/micro/dispatch-parts.mjs            all parts, 3 rounds each
//   node benchmarks/micro/dispatch-parts.mjs <part>...  some parts: heap | sorted | pops | scheduler-due-order | scheduler-random | scheduler-one-wake
//   KRONOS_DIST=<dir> ...                               another build (a worktree's dist; relative to the repo, or absolute) to compare with
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { gcNow, rng, sleep } from '../lib/common.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const dist = resolve(here, '..', '..', process.env.KRONOS_DIST ?? 'dist');
const N = process.env.BENCH_SMOKE === '1' ? 5_000 : 100_000;
const ROUNDS = 3;
const PARTS = ['heap', 'sorted', 'pops', 'scheduler-due-order', 'scheduler-random', 'scheduler-one-wake'];
// Each part runs in a process of its own, started here with --expose-gc (the parts collect
// garbage before they measure).
const child = process.env.DISPATCH_PART;

if (child === undefined) {
  const parts = process.argv.slice(2);
  for (const p of parts.length > 0 ? parts : PARTS) {
    if (!PARTS.includes(p)) throw new Error(`unknown part ${p}: one of ${PARTS.join(', ')}`);
    const r = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url)], { encoding: 'utf8', env: { ...process.env, DISPATCH_PART: p } });
    console.log(`${p.padEnd(20)} ${(r.stdout || r.stderr).trim()}`);
  }
} else {
  const part = child;
  const random = rng(7);
  const times = [];
  if (part === 'scheduler-one-wake') {
    // Dispatch alone, no timer in it: 100k one-shots due within 100 ms (random order), all
    // overdue when the one wake comes (a ManualClock), timed from that wake to the last run.
    const { Scheduler, SingleTask, silentLogger } = await import(pathToFileURL(join(dist, 'index.js')).href);
    const { ManualClock } = await import(pathToFileURL(join(dist, 'testing.js')).href);
    const clock = new ManualClock(1e12);
    const s = new Scheduler({ logger: silentLogger, clock });
    s.start();
    for (let round = 0; round < ROUNDS; round++) {
      const firstDue = clock.now() + 1000;
      let fired = 0;
      for (let i = 0; i < N; i++) {
        const at = firstDue + Math.floor(random() * 100);
        s.add(new SingleTask({ at, action: () => { fired += 1 + (at & 0); } }));
      }
      gcNow();
      // The wall clock moves 100 ms ahead of the timer, so the wake finds the whole window due.
      await clock.set(clock.now() + 100);
      const t = performance.now();
      await clock.advance(1000);
      times.push(Math.round(performance.now() - t));
      if (fired !== N) throw new Error(`ran ${fired} of ${N}`);
    }
    await s.stop({ timeout: 0 });
  } else if (part.startsWith('scheduler')) {
    // 100k one-shots due within 100 ms, 1 s ahead; first due -> last run, in ms.
    const { Scheduler, SingleTask, silentLogger } = await import(pathToFileURL(join(dist, 'index.js')).href);
    const s = new Scheduler({ logger: silentLogger });
    s.start();
    for (let round = 0; round < ROUNDS; round++) {
      const firstDue = Date.now() + 1000;
      let fired = 0;
      let last = 0;
      for (let i = 0; i < N; i++) {
        const at = firstDue + (part === 'scheduler-random' ? Math.floor(random() * 100) : Math.floor((i * 100) / N));
        s.add(new SingleTask({ at, action: () => { fired++; last = Date.now() + (at & 0); } }));
      }
      gcNow();
      while (fired < N) await sleep(20);
      times.push(last - firstDue);
    }
    await s.stop({ timeout: 0 });
  } else {
    // Drain N overdue entries (due over 100 ms, added in random order), running each one's closure.
    const { RunQueue } = await import(pathToFileURL(join(dist, 'scheduler', 'queue.js')).href);
    const config = { priority: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      let fired = 0;
      const queue = new RunQueue();
      const nodes = [];
      for (let i = 0; i < N; i++) {
        const at = 1e12 + Math.floor(random() * 100);
        const node = { qid: -1, at, runs: 0, task: { config, action: () => { fired += 1 + (at & 0); } } };
        if (part === 'sorted') nodes.push(node);
        else queue.push(node, at);
      }
      if (part === 'sorted') nodes.sort((a, b) => a.at - b.at);
      gcNow();
      const t = performance.now();
      if (part === 'sorted') for (const node of nodes) { node.runs++; node.task.action(); }
      else if (part === 'pops') while (queue.popDue(Infinity)) fired++;
      else for (let node = queue.popDue(Infinity); node; node = queue.popDue(Infinity)) { node.runs++; node.task.action(); }
      times.push(Math.round(performance.now() - t));
      if (fired !== N) throw new Error(`ran ${fired} of ${N}`);
    }
  }
  console.log(`${times.join(' / ')} ms (rounds 1–${ROUNDS}, ${N.toLocaleString('en-US')} entries)`);
  process.exit(0);
}
