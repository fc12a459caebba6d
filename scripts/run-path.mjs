// Lists the lib/ files whose code runs during ONE run of a task (docs/architecture.md, "A run's
// path"): V8 precise coverage with call counts, taken before and after one `clock.advance()`
// that fires one run of an in-process IntervalTask (one warm-up run first). Needs `npm run build`.
// Usage: node scripts/run-path.mjs [concurrent|sequential]
import { Session } from 'node:inspector/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const mode = process.argv[2] ?? 'concurrent';
const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist');
const { Scheduler, IntervalTask } = await import(path.join(dist, 'index.js'));
const { ManualClock } = await import(path.join(dist, 'testing.js'));

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.startPreciseCoverage', { callCount: true, detailed: true });

const clock = new ManualClock(Date.UTC(2030, 0, 1));
const scheduler = new Scheduler({ clock });
let runs = 0;
scheduler.add(new IntervalTask({ name: 'path', interval: 1000, processMethod: mode, action: () => { runs++; } }));
scheduler.start();
await clock.advance(1000); // warm-up run
await session.post('Profiler.takePreciseCoverage'); // resets the counts
await clock.advance(1000); // the measured run
const { result } = await session.post('Profiler.takePreciseCoverage');
await session.post('Profiler.stopPreciseCoverage');
await scheduler.stop();

const files = new Map();
for (const script of result) {
  if (!script.url.startsWith('file://')) continue;
  const file = fileURLToPath(script.url);
  if (!file.startsWith(dist) || file.endsWith('testing.js')) continue;
  const called = script.functions.filter((f) => f.ranges[0].count > 0 && f.functionName !== '');
  const anon = script.functions.filter((f) => f.ranges[0].count > 0 && f.functionName === '').length;
  if (called.length + anon > 0) files.set(path.relative(dist, file).replace(/\.js$/, '.ts'), [...called.map((f) => f.functionName), ...(anon ? [`(${anon} anonymous)`] : [])]);
}
console.log(`runs: ${runs}; lib/ files entered by one ${mode} run: ${files.size}`);
for (const [file, fns] of [...files].sort()) console.log(`  ${file}: ${fns.join(', ')}`);
