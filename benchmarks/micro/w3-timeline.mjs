// W3's window run by run (docs/benchmarks.md, "W3 run after run"): 100k one-shots due within
// 100 ms on the real clock, each run taking a timestamp. Prints, per burst, the window (first
// due -> last run), when the 1st, 4,096th, 16,384th... run came, and every stop between two
// consecutive runs longer than 0.3 ms (the main thread held up: compiler threads, GC, a slice
// of the drain ending). A second and third burst in the same process show the warm code.
//   node --expose-gc benchmarks/micro/w3-timeline.mjs          one burst
//   BURSTS=3 node --expose-gc benchmarks/micro/w3-timeline.mjs  three, one after the other
//   KRONOS_DIST=<dir> ...                                       another build (relative to the repo, or absolute)
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { gcNow, rng, sleep } from '../lib/common.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const dist = resolve(here, '..', '..', process.env.KRONOS_DIST ?? 'dist');
const { Scheduler, SingleTask, silentLogger } = await import(pathToFileURL(join(dist, 'index.js')).href);
const N = process.env.BENCH_SMOKE === '1' ? 5_000 : 100_000;
const LEAD_MS = 3000;
const MARKS = [1, 1024, 4096, 16384, 32768, 65536];

const scheduler = new Scheduler({ logger: silentLogger });
scheduler.start();
const random = rng(7);
const bursts = Number(process.env.BURSTS ?? 1);
for (let burst = 1; burst <= bursts; burst++) {
  const firstDue = Date.now() + LEAD_MS;
  // Times from the first due instant, in ms.
  const origin = firstDue - performance.timeOrigin;
  const at = new Float64Array(N);
  let fired = 0;
  for (let i = 0; i < N; i++) {
    scheduler.add(new SingleTask({ at: firstDue + Math.floor(random() * 100), action: () => void (at[fired++] = performance.now() - origin) }));
  }
  gcNow();
  while (fired < N) await sleep(20);
  const stops = [];
  for (let i = 1; i < N; i++) if (at[i] - at[i - 1] > 0.3) stops.push(`${at[i - 1].toFixed(1)}+${(at[i] - at[i - 1]).toFixed(1)}`);
  const marks = MARKS.filter((k) => k < N).map((k) => `#${k} ${at[k - 1].toFixed(1)}`);
  console.log(`burst ${burst}: window ${at[N - 1].toFixed(1)} ms; ${marks.join(', ')} ms`);
  console.log(`  stops over 0.3 ms (at+length, ms): ${stops.join(' ') || 'none'}`);
}
await scheduler.stop();
