// Per-run overhead of each process method: a no-op module-referenced action run N times,
// one after another, through the scheduler's executor (the seam every run goes through;
// the scheduling timer itself is excluded, since its ≥ 1 ms granularity would hide the
// difference), after a warm-up that starts the workers and imports the module. Also the peak RSS of this process plus its children
// with 4 workers busy. Run: npx tsx benchmarks/micro/execution-overhead.ts
import { execFileSync } from 'node:child_process';
import { silentLogger } from '../../lib/internal/logger.js';
import { Scheduler } from '../../lib/scheduler/scheduler.js';
import { IntervalTask } from '../../lib/tasks/interval-task.js';
import type { ProcessMethod } from '../../lib/types.js';

const action = { module: new URL('../../test/fixtures/workers/ok.ts', import.meta.url), export: 'noop' };
const N = Number(process.env.RUNS ?? 2000);

async function measure(mode: ProcessMethod, runs: number): Promise<number> {
  const scheduler = new Scheduler({ maxWorkers: 1 });
  const task = new IntervalTask({ name: 'x', interval: 3_600_000, processMethod: mode, action });
  const context = { name: 'x', scheduledAt: new Date(), signal: new AbortController().signal, attempt: 1 };
  for (let i = 0; i < 20; i++) await scheduler.executor.run(task, context); // warm-up
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) await scheduler.executor.run(task, context);
  const perRun = (performance.now() - t0) / runs;
  await scheduler.executor.close?.();
  return perRun;
}

function rssKb(pid: number): number {
  // Our RSS plus our children's (forked workers), from ps.
  const out = execFileSync('ps', ['-o', 'rss=', '--pid', String(pid), '--ppid', String(pid)], { encoding: 'utf8' });
  return out.split('\n').map(Number).filter(Boolean).reduce((a, b) => a + b, 0);
}

async function peakWith4(mode: 'threaded' | 'forked'): Promise<number> {
  const base = rssKb(process.pid);
  const scheduler = new Scheduler({ maxWorkers: 4, logger: silentLogger });
  const sleep = { ...action, export: 'sleep' };
  for (let i = 0; i < 4; i++) scheduler.addIntervalTask({ name: `s${i}`, interval: 3_600_000, processMethod: mode, action: sleep, args: [1500] });
  scheduler.start();
  let peak = 0;
  for (let i = 0; i < 10; i++) {
    await new Promise((resolve) => setTimeout(resolve, 120));
    peak = Math.max(peak, rssKb(process.pid));
  }
  await scheduler.stop({ timeout: 0 });
  return (peak - base) / 1024;
}

const rows: string[] = [];
for (const mode of ['sequential', 'concurrent', 'threaded', 'forked'] as const) {
  const ms = await measure(mode, mode === 'forked' || mode === 'threaded' ? Math.min(N, 2000) : N);
  rows.push(`${mode.padEnd(11)} ${(ms * 1000).toFixed(1).padStart(9)} µs/run`);
}
console.log(`per-run overhead (no-op module action through the executor, ${N} runs in-process, ${Math.min(N, 2000)} off-thread):\n${rows.join('\n')}`);
console.log(`baseline RSS ${(rssKb(process.pid) / 1024).toFixed(0)} MB`);
console.log(`extra RSS with 4 busy workers: threaded +${(await peakWith4('threaded')).toFixed(0)} MB, forked +${(await peakWith4('forked')).toFixed(0)} MB`);
