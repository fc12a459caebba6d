/**
 * Real-time waiting for off-thread outcomes: workers answer in real time even when the
 * scheduler runs on a ManualClock. Every wait has a generous guard so a bug fails the
 * test instead of hanging the suite.
 */
import type { Scheduler } from '../../lib/scheduler/scheduler.js';
import type { SchedulerEvents } from '../../lib/scheduler/events.js';

export const FIXTURES = new URL('../fixtures/workers/', import.meta.url);

export function ref(file: string, name?: string): { module: URL; export?: string } {
  const module = new URL(file, FIXTURES);
  return name === undefined ? { module } : { module, export: name };
}

type Outcome = { type: 'success'; payload: SchedulerEvents['success'] } | { type: 'error'; payload: SchedulerEvents['error'] };

/** The next success or error of task `name`. */
export function outcomeOf(scheduler: Scheduler, name: string, guardMs = 15_000): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const guard = setTimeout(() => {
      offs.forEach((off) => off());
      reject(new Error(`no outcome for "${name}" within ${guardMs} ms`));
    }, guardMs);
    const done = (outcome: Outcome): void => {
      clearTimeout(guard);
      offs.forEach((off) => off());
      resolve(outcome);
    };
    const offs = [
      scheduler.on('success', (payload) => payload.task.name === name && done({ type: 'success', payload })),
      scheduler.on('error', (payload) => payload.task?.name === name && done({ type: 'error', payload })),
    ];
  });
}

export async function valueOf(scheduler: Scheduler, name: string): Promise<unknown> {
  const outcome = await outcomeOf(scheduler, name);
  if (outcome.type === 'error') throw outcome.payload.error;
  return outcome.payload.value;
}

export async function errorOf(scheduler: Scheduler, name: string): Promise<unknown> {
  const outcome = await outcomeOf(scheduler, name);
  if (outcome.type === 'success') throw new Error(`expected "${name}" to fail, it returned ${String(outcome.payload.value)}`);
  return outcome.payload.error;
}

/** Pids of this process's node children (Linux `ps`; tsx's esbuild service aside), to check for strays after stop(). */
export async function childPids(): Promise<number[]> {
  const { execFileSync } = await import('node:child_process');
  try {
    const out = execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(process.pid)], { encoding: 'utf8' });
    const rows = out.split('\n').map((line) => line.trim().split(/\s+/));
    return rows.filter((cols) => cols[1] !== undefined && !['ps', 'esbuild'].includes(cols[1])).map((cols) => Number(cols[0]));
  } catch {
    return []; // ps exits 1 when there are none
  }
}
