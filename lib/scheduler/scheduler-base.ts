/**
 * The registry half of the Scheduler: names, events, cancel, pause/resume and the failure
 * paths. The loop half (heap, timer, runs) lives in scheduler.ts.
 */
import createDebug from 'debug';
import { guardLogger } from '../internal/logger.js';
import { DuplicateTaskError, SchedulerError, TaskNotFoundError, invalidType } from '../errors.js';
import { CronTask } from '../tasks/cron-task.js';
import type { CronTaskOptions } from '../tasks/cron-task.js';
import { MonthdayTask, WeekdayTask } from '../tasks/day-tasks.js';
import type { MonthdayTaskOptions, WeekdayTaskOptions } from '../tasks/day-tasks.js';
import { IntervalTask } from '../tasks/interval-task.js';
import type { IntervalTaskOptions } from '../tasks/interval-task.js';
import { SingleTask } from '../tasks/single-task.js';
import type { SingleTaskOptions } from '../tasks/single-task.js';
import { Task, linkTask, nextRunOf } from '../tasks/task.js';
import { TaskRegistry } from './registry.js';
import type { Clock, Logger, Outcome, TaskInfo } from '../types.js';
import type { RunInfo, SchedulerEvents } from './events.js';
import { Emitter, reportError } from './emitter.js';
import { TaskRecord, recordOf } from './task-record.js';
import { toInstant as checkInstant } from '../internal/instant.js';
import { checkInteger } from '../tasks/options.js';
import { toMillis } from '../time/duration.js';

const debug = createDebug('kronos:task');

let infoByName: (scheduler: SchedulerBase, name: string) => TaskInfo | undefined;

/**
 * Not public API: one task's TaskInfo, as `tasks()` lists it, without listing them all (the
 * variants' host answers with it on every forwarded event).
 */
export function taskInfoOf(scheduler: SchedulerBase, name: string): TaskInfo | undefined {
  return infoByName(scheduler, name);
}

export abstract class SchedulerBase {
  readonly events: Emitter<SchedulerEvents>;
  protected readonly registry = new TaskRegistry();

  /** The logger given, guarded: no call to it ever throws (see guardLogger). */
  readonly logger: Logger;
  abstract readonly clock: Clock;

  static {
    infoByName = (scheduler, name) => {
      const record = scheduler.registry.get(name);
      return record && scheduler.#info(record);
    };
  }

  constructor(logger: Logger) {
    this.logger = guardLogger(logger);
    this.events = new Emitter<SchedulerEvents>(() => this.logger);
  }

  on<K extends keyof SchedulerEvents>(event: K, listener: (payload: SchedulerEvents[K]) => void): () => void {
    return this.events.on(event, listener);
  }

  once<K extends keyof SchedulerEvents>(event: K, listener: (payload: SchedulerEvents[K]) => void): () => void {
    return this.events.once(event, listener);
  }

  off<K extends keyof SchedulerEvents>(event: K, listener: (payload: SchedulerEvents[K]) => void): void {
    this.events.off(event, listener);
  }

  addIntervalTask(options: IntervalTaskOptions): IntervalTask {
    return this.add(new IntervalTask(options));
  }

  addWeekdayTask(options: WeekdayTaskOptions): WeekdayTask {
    return this.add(new WeekdayTask(options));
  }

  addMonthdayTask(options: MonthdayTaskOptions): MonthdayTask {
    return this.add(new MonthdayTask(options));
  }

  addSingleTask(options: SingleTaskOptions): SingleTask {
    return this.add(new SingleTask(options));
  }

  addCronTask(options: CronTaskOptions): CronTask {
    return this.add(new CronTask(options));
  }

  /** Registers a task (of any Task subclass) and schedules its first run. */
  abstract add<T extends Task>(task: T): T;

  getTask(name: string): Task | undefined {
    return typeof name === 'string' ? this.registry.get(name)?.task : undefined;
  }

  tasks(): TaskInfo[] {
    const out: TaskInfo[] = [];
    for (const record of this.registry.values()) out.push(this.#info(record));
    return out;
  }

  /** What the scheduler knows about one task, as a plain TaskInfo (a copy: nothing in it is live). */
  #info(record: TaskRecord): TaskInfo {
    const at = this.#plannedAt(record);
    const info: TaskInfo = { name: record.name, nextRunAt: at === null ? null : new Date(at), state: record.state, runs: record.runs, failures: record.failures };
    const last = record.lastOutcome;
    if (last) {
      // A plain copy: the live outcome is the last Run itself, which holds the task.
      const outcome: Outcome = { status: last.status, at: last.at, durationMs: last.durationMs, latenessMs: last.latenessMs };
      if ('error' in last) outcome.error = last.error;
      info.lastOutcome = outcome;
    }
    return info;
  }

  /** The record of `task` when this scheduler holds it. */
  protected recordIn(task: Task): TaskRecord | null {
    const record = recordOf(task);
    return record !== null && record.owner === this ? record : null;
  }

  /** Runs `name` once more, after `delay` ms, without touching its regular schedule. */
  runNow(name: string, options: { delay?: number } = {}): Date {
    if (typeof options !== 'object' || options === null) throw invalidType('options', 'an options object { delay? }', options);
    const task = this.getTask(name);
    if (!task) throw new TaskNotFoundError(name, 'run now');
    const delay = options.delay === undefined ? 0 : options.delay;
    checkDelay(delay);
    const at = this.clock.now() + delay;
    this.placeManual(task, at);
    return new Date(at);
  }

  /** Upcoming runs of `name` in [from, to], at most `limit` (bounded: safe for admin views). */
  nextRunsBetween(name: string, from: Date | number, to: Date | number, limit = 1000): Date[] {
    const record = typeof name === 'string' ? this.registry.get(name) : undefined;
    if (!record) throw new TaskNotFoundError(name);
    const task = record.task;
    const start = toInstant(from, 'from');
    const end = toInstant(to, 'to');
    limit = checkInteger(limit, 'limit', 0, 1000);
    const out: Date[] = [];
    const anchor = this.#plannedAt(record);
    if (anchor === null) return out;
    for (let at: number | null = anchor >= start ? anchor : task.slotAfter(anchor, start - 1); at !== null && at <= end && out.length < limit; at = nextRunOf(task, at)) {
      out.push(new Date(at));
    }
    return out;
  }

  /** The task's next slot: scheduled, deferred to start(), or where it stood when paused. */
  #plannedAt(record: TaskRecord): number | null {
    return this.pendingAt(record) ?? (record.state === 'paused' ? record.pausedAt : null);
  }

  /** Cancels a task (or the task of that name); a running run finishes but is not rescheduled. */
  cancel(taskOrName: Task | string): boolean {
    const task = typeof taskOrName === 'string' ? this.getTask(taskOrName) : taskOrName;
    const record = task instanceof Task ? this.recordIn(task) : null;
    if (!task || !record) return false;
    this.unschedule(record);
    this.registry.delete(record);
    record.owner = null;
    record.pending = null;
    if (this.events.listening.cancel) this.events.emit('cancel', { task });
    if (debug.enabled) debug('cancel %s', task.name);
    return true;
  }

  /** Pauses one task, or all. Slots passed while paused are dropped without `missed`. */
  pause(name?: string): void {
    for (const record of this.#select(name, 'pause')) {
      if (record.state === 'paused') continue;
      record.pausedAt = this.pendingAt(record);
      this.unschedule(record);
      record.state = 'paused';
    }
  }

  /** Resumes one task, or all, at its next slot that is not past. */
  resume(name?: string): void {
    for (const record of this.#select(name, 'resume')) {
      if (record.state !== 'paused') continue;
      record.state = record.running > 0 ? 'running' : 'scheduled';
      const anchor = record.pausedAt;
      record.pausedAt = null;
      this.placeResumed(record, anchor);
    }
  }

  #select(name: string | undefined, verb: string): TaskRecord[] {
    if (name === undefined) return [...this.registry.values()];
    if (typeof name !== 'string') throw invalidType('name', `a task name to ${verb}, or nothing for all`, name);
    const record = this.registry.get(name);
    if (!record) throw new TaskNotFoundError(name, verb);
    return [record];
  }

  /**
   * Adds `task` to the registry under its name (duplicate names throw unless `replace`) and
   * returns its record. A task keeps its one record for life: added again after a cancel, it
   * carries on from what was known of it (its counts, and runs still going).
   */
  protected register(task: Task): TaskRecord {
    if (!(task instanceof Task)) throw invalidType('task', 'a Task instance', task);
    let record = recordOf(task);
    if (record?.owner === this) return record;
    if (record && record.owner !== null) throw new SchedulerError(`Task "${task.name}" belongs to another scheduler`);
    const existing = this.registry.sameName(task);
    if (existing) {
      if (!task.policy.replace) throw new DuplicateTaskError(task.name);
      this.cancel(existing.task);
    }
    if (!record) {
      record = new TaskRecord(task);
      linkTask(task, record);
    }
    record.owner = this;
    record.state = 'scheduled';
    this.registry.add(record);
    return record;
  }

  /** One-shot done, `maxRuns` reached or past the end: the task leaves the registry. */
  protected finishTask(record: TaskRecord): void {
    if (record.owner !== this) return;
    this.unschedule(record);
    this.registry.delete(record);
    record.owner = null;
    if (debug.enabled) debug('finished %s after %d runs', record.name, record.runs);
  }

  /**
   * A broken `nextRun` (already a RescheduleError, see nextRunOf) or a throwing `reschedule`
   * hook (its own error): reported, and the task stays listed as `failed`.
   */
  protected failTask(record: TaskRecord, error: unknown): void {
    this.unschedule(record);
    record.state = 'failed';
    this.report(error, record.task);
  }

  /** Emits `error`, or logs it when nobody listens; never throws. */
  report(error: unknown, task?: Task, run?: RunInfo): void {
    reportError(this.events, this.logger, error, task, run);
  }

  protected abstract unschedule(record: TaskRecord): void;
  protected abstract pendingAt(record: TaskRecord): number | null;
  protected abstract placeResumed(record: TaskRecord, anchor: number | null): void;
  /** Puts a manual run (`runNow`) of `task` in the heap at `at`, beside its regular slot. */
  protected abstract placeManual(task: Task, at: number): void;
}

/** Accepts a delay in ms (a non-negative integer), or throws naming `delay`. */
export function checkDelay(delay: unknown): void {
  if (typeof delay !== 'number') throw invalidType('delay', 'a non-negative integer (ms)', delay);
  toMillis(delay, 'delay');
}

/** Accepts a Date or epoch ms within the Date range and returns ms, or throws naming the option. */
export function toInstant(value: Date | number, option: string): number {
  return checkInstant(value, option);
}
