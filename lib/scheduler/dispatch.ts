/**
 * A run's start: the overlap check (`maxInstances`, `overlap`), the sequential lane, the
 * timeout, `around` hooks, and the call into the executor. Whatever the action does (throw,
 * reject, hang), its end goes to settle.ts and the loop goes on.
 */
import createDebug from 'debug';
import { TaskTimeoutError } from '../errors.js';
import type { Executor } from '../execution/executor.js';
import { runsInline, runInline } from '../execution/in-process.js';
import type { Task } from '../tasks/task.js';
import type { AroundHook, Clock, Logger, OutcomeStatus, RunKind } from '../types.js';
import type { SchedulerEvents } from './events.js';
import type { Emitter } from './emitter.js';
import type { TaskRecord } from './task-record.js';
import { Run } from './settle.js';
import type { Settler } from './settle.js';
import { runAround } from './around.js';
import { clearLongTimeout, setLongTimeout } from '../internal/clock.js';
import type { LongTimer } from '../internal/clock.js';

const debug = createDebug('kronos:run');

/** What dispatch needs from the scheduler: values only. */
export interface DispatchDeps {
  readonly clock: Clock;
  readonly events: Emitter<SchedulerEvents>;
  readonly executor: Executor;
  readonly around: AroundHook | undefined;
  readonly logger: Logger;
}

/** A sequential run waiting for the lane. */
export interface LaneItem {
  record: TaskRecord;
  scheduledAt: number;
  kind: RunKind;
  reschedules: boolean;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as { then?: unknown }).then === 'function';
}

export class Dispatcher {
  readonly #deps: DispatchDeps;
  readonly #settler: Settler;
  /** Called when a run ended or was refused: the scheduler settles its idle waiters. */
  readonly #ended: () => void;
  /** False once `stop()` began: nothing new starts. */
  accepting = false;
  /** The sequential lane: FIFO, one run at a time, never blocking other modes. */
  #lane: LaneItem[] = [];
  #laneHead = 0;
  #laneBusy = false;
  #pumping = false;
  readonly active = new ActiveRuns();
  /** Timeout timers of runs whose task has a `timeout` (few: a map, not a field on every run). */
  readonly #timers = new Map<Run, LongTimer>();
  #idleWaiters: Array<() => void> = [];

  constructor(deps: DispatchDeps, settler: Settler, ended: () => void) {
    this.#deps = deps;
    this.#settler = settler;
    this.#ended = ended;
  }

  get laneLength(): number {
    return this.#lane.length - this.#laneHead;
  }

  /**
   * Dispatches a due slot. `started` runs reschedule themselves; for `queued` (a pending run
   * under `overlap: 'queue'`) and `skipped` slots the caller carries the schedule on.
   */
  dispatch(record: TaskRecord, scheduledAt: number, kind: RunKind, reschedules = true): 'started' | 'queued' | 'skipped' {
    const task = record.task;
    if (record.running >= task.config.policy.maxInstances) {
      if (task.config.policy.overlap === 'queue' && record.pending === null) {
        record.pending = { scheduledAt, kind };
        return 'queued';
      }
      const now = this.#deps.clock.now();
      let oldest = now;
      for (const run of this.active) if (run.record === record && run.startedMs < oldest) oldest = run.startedMs;
      this.#settler.skipped(record, scheduledAt, now, now - oldest);
      return 'skipped';
    }
    if (debug.enabled) debug('dispatch %s (%s)', task.name, kind);
    record.running++;
    if (task.config.policy.processMethod === 'sequential') {
      this.#lane.push({ record, scheduledAt, kind, reschedules });
      this.#pump();
    } else {
      this.#start(record, scheduledAt, kind, false, reschedules);
    }
    return 'started';
  }

  /** Takes back queued sequential runs that have not started (on stop), for the scheduler to re-queue. */
  drainLane(): LaneItem[] {
    const items = this.#lane.slice(this.#laneHead);
    this.#lane = [];
    this.#laneHead = 0;
    for (const item of items) item.record.running--;
    return items;
  }

  /** Aborts every active run (stop timeout): each is reported, with its own reason, and frees its slot. */
  abortAll(reasonFor: (run: Run) => unknown): void {
    for (const run of [...this.active]) {
      const reason = reasonFor(run);
      this.#end(run, 'error', reason, undefined);
      run.abort(reason);
    }
  }

  /** Resolves when no run is active (for `stop()`). */
  settled(): Promise<void> {
    if (this.active.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Starts lane runs one at a time; a loop, not recursion, since runs may end synchronously. */
  #pump(): void {
    if (this.#pumping) return;
    this.#pumping = true;
    // finally: were anything below ever to throw, the lane must not stay marked as pumping.
    try {
      while (!this.#laneBusy && this.#laneHead < this.#lane.length) {
        const next = this.#lane[this.#laneHead++] as LaneItem;
        if (this.#laneHead > 1024 && this.#laneHead * 2 > this.#lane.length) {
          this.#lane = this.#lane.slice(this.#laneHead);
          this.#laneHead = 0;
        }
        this.#laneBusy = true;
        this.#start(next.record, next.scheduledAt, next.kind, true, next.reschedules);
      }
    } finally {
      this.#pumping = false;
    }
  }

  #start(record: TaskRecord, scheduledMs: number, kind: RunKind, sequential: boolean, reschedules: boolean): void {
    const deps = this.#deps;
    const task = record.task;
    if (!this.accepting) {
      record.running--;
      if (sequential) {
        this.#laneBusy = false;
        this.#pump();
      }
      this.#ended();
      return;
    }
    const run = new Run(record, kind, scheduledMs, deps.clock, reschedules && kind !== 'manual', sequential || kind === 'catchup', sequential);
    record.runs++;
    if (record.state === 'scheduled') record.state = 'running';
    const events = deps.events;
    if (events.listening.start) events.emit('start', { task, run });
    if (run.reschedules && !run.rescheduleAtEnd) this.#settler.reschedule(record, run);

    const timeout = task.config.policy.timeout;
    if (timeout !== undefined) {
      this.#timers.set(run, setLongTimeout(deps.clock, () => {
        const error = new TaskTimeoutError(task.name, timeout);
        this.#end(run, 'timeout', error, undefined);
        run.abort(error);
      }, timeout));
    }
    let result: unknown;
    let thenable: boolean;
    try {
      result = this.#execute(task, run);
      // Inside the try: reading `then` runs user code (a getter, a revoked Proxy's trap).
      thenable = isThenable(result);
    } catch (error) {
      this.#end(run, 'error', error, undefined);
      return;
    }
    if (thenable) {
      // Only runs that outlive this call are tracked (for stop() and overlap reports).
      this.active.add(run);
      Promise.resolve(result).then(
        (value) => this.#end(run, 'success', undefined, value),
        (error: unknown) => this.#end(run, 'error', error, undefined),
      );
    } else {
      // A synchronous action ends here: no promise round trip per run.
      this.#end(run, 'success', undefined, result);
    }
  }

  /**
   * Hands the run to its executor: inside its `around` hooks when it has any, else straight,
   * inline when it can. No closure in here: one would cost a context object on every run.
   */
  #execute(task: Task, run: Run): unknown {
    const deps = this.#deps;
    const inner = task.config.policy.around;
    const outer = deps.around;
    if (inner === undefined && outer === undefined) return deps.executor.inline && runsInline(task) ? runInline(task, run) : deps.executor.run(task, run);
    return runAround(deps, task, run, inner, outer);
  }

  /** A run ended, once (its timeout, an abort and its own end may race): free its place, settle it, start what waits. */
  #end(run: Run, status: OutcomeStatus, error: unknown, value: unknown): void {
    // The clock is read here, not passed in: a double argument costs a heap box per call.
    if (!run.settle(status, this.#deps.clock, error)) return;
    const record = run.record;
    if (this.#timers.size > 0) {
      const timer = this.#timers.get(run);
      if (timer !== undefined) {
        clearLongTimeout(this.#deps.clock, timer);
        this.#timers.delete(run);
      }
    }
    this.active.delete(run);
    this.#settler.settled(run, value);
    if (run.sequential) {
      this.#laneBusy = false;
      this.#pump();
    }
    // Only `overlap: 'queue'` tasks ever hold a pending run.
    const pending = record.task.config.policy.overlap === 'queue' ? record.pending : null;
    if (pending && this.accepting && record.running < record.task.config.policy.maxInstances) {
      record.pending = null;
      // The queued slot's schedule was carried on when it was queued.
      this.dispatch(record, pending.scheduledAt, pending.kind, false);
    }
    if (this.active.size === 0 && this.#idleWaiters.length > 0) {
      const waiters = this.#idleWaiters;
      this.#idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
    this.#ended();
  }
}

/** The runs going on, as a list threaded through the runs: adding and removing hash nothing. */
export class ActiveRuns implements Iterable<Run> {
  #first: Run | null = null;
  #last: Run | null = null;
  size = 0;

  add(run: Run): void {
    run.tracked = true;
    run.prevActive = this.#last;
    run.nextActive = null;
    if (this.#last) this.#last.nextActive = run;
    else this.#first = run;
    this.#last = run;
    this.size++;
  }

  delete(run: Run): void {
    if (!run.tracked) return;
    run.tracked = false;
    if (run.prevActive) run.prevActive.nextActive = run.nextActive;
    else this.#first = run.nextActive;
    if (run.nextActive) run.nextActive.prevActive = run.prevActive;
    else this.#last = run.prevActive;
    run.prevActive = null;
    run.nextActive = null;
    this.size--;
  }

  *[Symbol.iterator](): IterableIterator<Run> {
    for (let run = this.#first; run !== null; run = run.nextActive) yield run;
  }
}
