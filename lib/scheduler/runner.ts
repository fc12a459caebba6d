/**
 * The life of one run: overlap check, the sequential lane, hooks, timeout, outcome and
 * events. Whatever the action does (throw, reject, hang), the runner reports it and the
 * loop goes on.
 */
import createDebug from 'debug';
import { AroundNextError, TaskTimeoutError } from '../errors.js';
import type { Executor } from '../execution/executor.js';
import { Task } from '../tasks/task.js';
import { callAction } from '../tasks/task-action.js';
import { withRun } from '../execution/current-run.js';
import type { AroundHook, Clock, Logger, OutcomeStatus, RunKind } from '../types.js';
import type { SchedulerEvents } from './events.js';
import { reportError } from './emitter.js';
import { recordOf } from './task-record.js';
import type { TaskRecord } from './task-record.js';
import { ActiveRuns, Run } from './run.js';
import { clearLongTimeout, setLongTimeout } from '../internal/clock.js';
import type { LongTimer } from '../internal/clock.js';
import type { Emitter } from './emitter.js';

const debug = createDebug('kronos:run');

/** What runs need from the scheduler: values only (the callbacks are the Runner's constructor arguments). */
export interface RunDeps {
  readonly clock: Clock;
  readonly events: Emitter<SchedulerEvents>;
  readonly executor: Executor;
  readonly around: AroundHook | undefined;
  readonly logger: Logger;
}

/** Carries the task's schedule on from `run` (at its start for concurrent runs, at its end otherwise). */
export type Reschedule = (record: TaskRecord, run: Run) => void;

export interface LaneItem {
  record: TaskRecord;
  scheduledAt: number;
  kind: RunKind;
  reschedules: boolean;
}

function noop(): void {}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as { then?: unknown }).then === 'function';
}

/** Function actions of in-process tasks whose `execute` is the standard one can be called directly. */
function isInline(task: Task): boolean {
  const mode = task.processMethod;
  return typeof task.action === 'function' && (mode === 'sequential' || mode === 'concurrent') && task.execute === Task.prototype.execute;
}

export class Runner {
  readonly #host: RunDeps;
  readonly #reschedule: Reschedule;
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

  constructor(deps: RunDeps, reschedule: Reschedule, ended: () => void) {
    this.#host = deps;
    this.#reschedule = reschedule;
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
    if (record.running >= task.policy.maxInstances) {
      if (task.policy.overlap === 'queue' && record.pending === null) {
        record.pending = { scheduledAt, kind };
        return 'queued';
      }
      this.#skip(record, scheduledAt);
      return 'skipped';
    }
    if (debug.enabled) debug('dispatch %s (%s)', task.name, kind);
    record.running++;
    if (task.processMethod === 'sequential') {
      this.#lane.push({ record, scheduledAt, kind, reschedules });
      this.#pump();
    } else {
      this.#start(record, scheduledAt, kind, false, reschedules);
    }
    return 'started';
  }

  /** Takes back queued sequential runs that have not started (on stop), for the host to re-queue. */
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
      this.#settle(run, 'error', reason, undefined);
      run.abort(reason);
    }
  }

  /** Resolves when no run is active (for `stop()`). */
  settled(): Promise<void> {
    if (this.active.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  #skip(record: TaskRecord, scheduledAt: number): void {
    const task = record.task;
    const now = this.#host.clock.now();
    let oldest = now;
    for (const run of this.active) if (run.task === task && run.startedMs < oldest) oldest = run.startedMs;
    const runningForMs = now - oldest;
    const payload = { task, scheduledAt: new Date(scheduledAt), runningForMs };
    // A listener takes over the warning, as for `error` and `missed`.
    if (!this.#host.events.emit('skip', payload)) {
      this.#host.logger.warn(`Task "${task.name}" skipped a run: maxInstances (${task.policy.maxInstances}) still running after ${runningForMs} ms`);
    }
    record.lastOutcome = { status: 'skipped', at: new Date(now), durationMs: 0, latenessMs: now - scheduledAt };
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
    const host = this.#host;
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
    const run = new Run(task, kind, scheduledMs, host.clock, reschedules && kind !== 'manual', sequential || kind === 'catch-up', sequential);
    record.runs++;
    if (record.state === 'scheduled') record.state = 'running';
    const events = host.events;
    if (events.listenerCount('start') > 0) events.emit('start', { task, run });
    if (run.reschedules && !run.rescheduleAtEnd) this.#reschedule(record, run);

    const timeout = task.policy.timeout;
    if (timeout !== undefined) {
      this.#timers.set(run, setLongTimeout(host.clock, () => {
        const error = new TaskTimeoutError(task.name, timeout);
        this.#settle(run, 'timeout', error, undefined);
        run.abort(error);
      }, timeout));
    }
    let result: unknown;
    let thenable: boolean;
    try {
      result = this.#invoke(task, run);
      // Inside the try: reading `then` runs user code (a getter, a revoked Proxy's trap).
      thenable = isThenable(result);
    } catch (error) {
      this.#settle(run, 'error', error, undefined);
      return;
    }
    if (thenable) {
      // Only runs that outlive this call are tracked (for stop() and overlap reports).
      this.active.add(run);
      Promise.resolve(result).then(
        (value) => this.#settle(run, 'success', undefined, value),
        (error: unknown) => this.#settle(run, 'error', error, undefined),
      );
    } else {
      // A synchronous action ends here: no promise round trip per run.
      this.#settle(run, 'success', undefined, result);
    }
  }

  #invoke(task: Task, run: Run): Promise<unknown> | unknown {
    const executor = this.#host.executor;
    const inner = task.policy.around;
    const outer = this.#host.around;
    if (inner === undefined && outer === undefined) {
      return executor.inline && isInline(task) ? withRun(run, callAction, task) : executor.run(task, run);
    }
    return this.#hooked(task, run, inner, outer);
  }

  /**
   * Runs the action inside its hooks. Each `next` may be called once: a second call runs
   * nothing, rejects, and fails the run (or, once the run has ended, is reported for it).
   */
  #hooked(task: Task, run: Run, inner: AroundHook | undefined, outer: AroundHook | undefined): Promise<unknown> {
    const host = this.#host;
    let misuse: AroundNextError | undefined;
    let open = true;
    const once = (fn: () => Promise<unknown>): (() => Promise<unknown>) => {
      let called = false;
      return () => {
        if (!called) {
          called = true;
          return fn();
        }
        const error = new AroundNextError(task.name);
        if (open && !run.settled) misuse ??= error;
        else reportError(host.events, host.logger, error, task, run);
        const rejected = Promise.reject(error);
        // Handled here so that a hook which drops the promise causes no unhandledRejection.
        rejected.catch(noop);
        return rejected;
      };
    };
    const call = once(() => Promise.resolve(host.executor.run(task, run)));
    const wrapped = inner ? once(() => Promise.resolve(inner(run, call))) : call;
    return Promise.resolve(outer ? outer(run, wrapped) : wrapped()).then(
      (value) => {
        open = false;
        if (misuse !== undefined) throw misuse;
        return value;
      },
      (error: unknown) => {
        open = false;
        throw error;
      },
    );
  }

  /** Records a run's outcome once (its timeout, an abort and its own end may race). */
  #settle(run: Run, status: OutcomeStatus, error: unknown, value: unknown): void {
    // The clock is read here, not passed in: a double argument costs a heap box per call.
    if (!run.settle(status, this.#host.clock, error)) return;
    const host = this.#host;
    const task = run.task;
    const record = recordOf(task) as TaskRecord;
    if (this.#timers.size > 0) {
      const timer = this.#timers.get(run);
      if (timer !== undefined) {
        clearLongTimeout(host.clock, timer);
        this.#timers.delete(run);
      }
    }
    this.active.delete(run);
    record.running--;
    record.lastOutcome = run;
    if (record.state === 'running' && record.running === 0) record.state = 'scheduled';
    if (status === 'success') {
      if (host.events.listenerCount('success') > 0) host.events.emit('success', { task, run, value, durationMs: run.durationMs });
    } else {
      record.failures++;
      reportError(host.events, host.logger, error, task, run);
    }
    if (run.reschedules && run.rescheduleAtEnd) this.#reschedule(record, run);
    if (run.sequential) {
      this.#laneBusy = false;
      this.#pump();
    }
    const pending = record.pending;
    if (pending && this.accepting && record.running < task.policy.maxInstances) {
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
