/**
 * One claimed run, executed here: the handler (or module export, through the scheduler's
 * executor) inside `currentRun()`, its `timeout`, its end recorded with its fencing token,
 * and the same events as the in-memory scheduler.
 */
import createDebug from 'debug';
import { TaskTimeoutError, describeError } from '../../errors.js';
import type { Executor } from '../../execution/executor.js';
import { clearLongTimeout, setLongTimeout } from '../../internal/clock.js';
import type { LongTimer } from '../../internal/clock.js';
import type { RunEnd, StoredError } from '../../store/store.js';
import type { Task } from '../../tasks/task.js';
import type { AroundHook, Clock, Logger, RunContext, RunKind } from '../../types.js';
import { runAround } from '../around.js';
import type { Run } from '../settle.js';
import type { Emitter } from '../emitter.js';
import type { RunInfo, SchedulerEvents } from '../events.js';
import type { DbClock } from './db-clock.js';
import type { HeldRun } from './leases.js';
import { completesAtEnd, nextAtEnd } from './plan.js';

const debug = createDebug('kronos:run');

export interface RunHost {
  readonly clock: Clock;
  readonly events: Emitter<SchedulerEvents>;
  readonly executor: Executor;
  readonly logger: Logger;
  readonly around: AroundHook | undefined;
  readonly dbClock: DbClock;
  /** Records a run's end (batched with other runs' ends: see Completions); false when fenced off. */
  complete(end: RunEnd): Promise<boolean>;
  report(error: unknown, task?: Task, run?: RunInfo): void;
  /** A run wrote its schedule's next slot (store time): wake for it if it is sooner. */
  nextSlot(at: number): void;
}

/** A durable run as its action (`currentRun()`) and the events see it. */
export interface DurableRun extends RunContext, RunInfo {
  readonly kind: RunKind;
  /** Whether the run has ended (read by `around` hooks' misuse check). */
  settled: boolean;
}

type End = { status: 'success'; value: unknown } | { status: 'error' | 'timeout'; error: unknown };

/** Runs `held` to its end; never throws (every failure is reported). */
export async function executeRun(host: RunHost, held: HeldRun, task: Task, announceNext: boolean): Promise<void> {
  const claimed = held.claimed;
  const run: DurableRun = {
    name: task.name, scheduledAt: new Date(claimed.slot), kind: claimed.kind, attempt: claimed.attempt,
    signal: held.controller.signal, task, startedAt: new Date(host.clock.now()), settled: false,
  };
  const events = host.events;
  const atEnd = completesAtEnd(task, claimed.kind);
  events.emit('start', { task, run });
  if (announceNext && !atEnd && claimed.schedule.nextRunAt !== null) events.emit('scheduled', { task, at: new Date(claimed.schedule.nextRunAt) });
  const began = host.clock.monotonic();
  const end = await runToEnd(host, held, task, run);
  run.settled = true;
  const durationMs = host.clock.monotonic() - began;
  // Fenced off (another process took the run over): not ours to record.
  if (held.fenced) return;
  const finishedAt = host.dbClock.now();
  let next: number | null | undefined;
  if (atEnd) {
    try {
      next = nextAtEnd(task, claimed.slot, finishedAt, claimed.schedule.runs);
    } catch (error) {
      host.report(error, task);
      next = null;
    }
  }
  const error = end.status === 'success' ? undefined : storedError(end.error);
  let recorded: boolean;
  try {
    const outcome = error ? { status: end.status as 'error' | 'timeout', finishedAt, error } : { status: 'success' as const, finishedAt };
    recorded = await host.complete({ run: { id: claimed.id, token: claimed.token }, outcome, nextRunAt: next });
  } catch (failure) {
    // The store is unreachable: the lease runs out and the run is recovered (onLost).
    host.report(failure, task, run);
    return;
  }
  if (!recorded) {
    debug('run %s of %s was fenced off; its end is not recorded', claimed.id, task.name);
    return;
  }
  if (end.status === 'success') events.emit('success', { task, run, value: end.value, durationMs });
  else host.report(end.error, task, run);
  if (atEnd && next !== null && next !== undefined) {
    events.emit('scheduled', { task, at: new Date(next) });
    host.nextSlot(next);
  }
}

function runToEnd(host: RunHost, held: HeldRun, task: Task, run: DurableRun): Promise<End> {
  return new Promise<End>((resolve) => {
    const timeout = task.policy.timeout;
    let timer: LongTimer | undefined;
    const finish = (end: End): void => {
      if (timer !== undefined) clearLongTimeout(host.clock, timer);
      held.controller.signal.removeEventListener('abort', onAbort);
      resolve(end);
    };
    // An abort that is not this run's timeout ends the run here: lease lost (fenced, not
    // recorded) or stop()'s timeout (recorded as an error with the abort's reason).
    const onAbort = (): void => {
      const reason: unknown = held.controller.signal.reason;
      if (!(reason instanceof TaskTimeoutError)) finish({ status: 'error', error: reason });
    };
    held.controller.signal.addEventListener('abort', onAbort);
    if (timeout !== undefined) {
      timer = setLongTimeout(host.clock, () => {
        timer = undefined;
        const error = new TaskTimeoutError(task.name, timeout);
        finish({ status: 'timeout', error });
        held.controller.abort(error);
      }, timeout);
    }
    let result: Promise<unknown>;
    try {
      // The scheduler's `around` wraps durable runs too (a task's own cannot be stored).
      result = host.around ? runAround(host, task, run as unknown as Run, undefined, host.around) : host.executor.run(task, run);
    } catch (error) {
      result = Promise.reject(error);
    }
    Promise.resolve(result).then((value) => finish({ status: 'success', value }), (error: unknown) => finish({ status: 'error', error }));
  });
}

/** An error as the store keeps it (message and stack per attempt); never throws. */
export function storedError(error: unknown): StoredError {
  try {
    if (error instanceof Error) {
      const out: StoredError = { name: String(error.name), message: String(error.message) };
      if (typeof error.stack === 'string') out.stack = error.stack;
      return out;
    }
  } catch {
    // Hostile accessors: described below.
  }
  return { name: 'Error', message: describeError(error, false) };
}
