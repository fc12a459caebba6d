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
import { TaskRecord, newRecord, recordOf } from './task-record.js';
import { toInstant as checkInstant } from '../internal/instant.js';
import { checkInteger } from '../tasks/options.js';
import { toMillis } from '../time/duration.js';
import { HandlerRegistry } from './durable/handlers.js';
import type { Handler } from './durable/handlers.js';
import { memoryOnly } from './durable/schedules.js';
import type { DurableSchedules } from './durable/schedules.js';
import type { Added, Answer, WithHandler } from './durable/types.js';

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
  /** Handlers `define`d in this process, which a string `action` names. */
  readonly handlers = new HandlerRegistry();
  /** Set on a durable store: the public API goes there (and answers with Promises). */
  protected durable: DurableSchedules | undefined = undefined;

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

  /**
   * Registers `handler` under `name` in this process, for tasks whose `action` is that name
   * (durable schedules store only the name). The same pair again is a no-op; another function
   * under a defined name throws a DuplicateHandlerError.
   */
  define(name: string, handler: Handler): this {
    this.handlers.define(name, handler);
    return this;
  }

  // On a durable store each call below goes to the store and answers with a Promise (see durable/types.ts).
  addIntervalTask(options: WithHandler<IntervalTaskOptions>): Added<this, IntervalTask> {
    if (this.durable) return this.durable.add('interval', options) as never;
    return this.add(new IntervalTask(this.handlers.resolve(options) as IntervalTaskOptions)) as never;
  }

  addWeekdayTask(options: WithHandler<WeekdayTaskOptions>): Added<this, WeekdayTask> {
    if (this.durable) return this.durable.add('weekday', options) as never;
    return this.add(new WeekdayTask(this.handlers.resolve(options) as WeekdayTaskOptions)) as never;
  }

  addMonthdayTask(options: WithHandler<MonthdayTaskOptions>): Added<this, MonthdayTask> {
    if (this.durable) return this.durable.add('monthday', options) as never;
    return this.add(new MonthdayTask(this.handlers.resolve(options) as MonthdayTaskOptions)) as never;
  }

  addSingleTask(options: WithHandler<SingleTaskOptions>): Added<this, SingleTask> {
    if (this.durable) return this.durable.add('single', options) as never;
    return this.add(new SingleTask(this.handlers.resolve(options) as SingleTaskOptions)) as never;
  }

  addCronTask(options: WithHandler<CronTaskOptions>): Added<this, CronTask> {
    if (this.durable) return this.durable.add('cron', options) as never;
    return this.add(new CronTask(this.handlers.resolve(options) as CronTaskOptions)) as never;
  }

  /** Registers a task (of any Task subclass) and schedules its first run. */
  abstract add<T extends Task>(task: T): T;

  getTask(name: string): Answer<this, Task | undefined> {
    if (this.durable) return this.durable.getTask(name) as never;
    return (typeof name === 'string' ? this.registry.get(name)?.task : undefined) as never;
  }

  tasks(): Answer<this, TaskInfo[]> {
    if (this.durable) return this.durable.tasks() as never;
    const out: TaskInfo[] = [];
    for (const record of this.registry.values()) out.push(this.#info(record));
    return out as never;
  }

  /** What the scheduler knows about one task, as a plain TaskInfo (a copy: nothing in it is live). */
  #info(record: TaskRecord): TaskInfo {
    const at = this.#plannedAt(record);
    const info: TaskInfo = { name: record.name, nextRunAt: at === null ? null : new Date(at), state: record.state, runs: record.runs, failures: record.failures };
    if (record.task.config.source !== undefined) info.source = record.task.config.source;
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
  /**
   * Runs `name` once more, after `delay` ms (kind `manual`), without taking a regular slot.
   * `skipNext`: its next regular slot is skipped as well (it moves to the one after; nothing
   * happens to a paused task or one with no slot after its next).
   */
  runNow(name: string, options: { delay?: number; skipNext?: boolean } = {}): Answer<this, Date> {
    if (this.durable) return this.durable.runNow(name, options) as never;
    if (typeof options !== 'object' || options === null) throw invalidType('options', 'an options object { delay?, skipNext? }', options);
    const task = this.getTask(name) as Task | undefined;
    if (!task) throw new TaskNotFoundError(name, 'run now');
    const delay = options.delay === undefined ? 0 : options.delay;
    checkDelay(delay);
    if (options.skipNext !== undefined && typeof options.skipNext !== 'boolean') throw invalidType('skipNext', 'a boolean', options.skipNext);
    const at = this.clock.now() + delay;
    this.placeManual(task, at);
    const record = options.skipNext ? this.recordIn(task) : null;
    const next = record !== null && record.state !== 'paused' ? this.pendingAt(record) : null;
    const after = next === null ? null : nextRunOf(task, next);
    if (record !== null && after !== null) this.placeResumed(record, after);
    return new Date(at) as never;
  }

  /** Upcoming runs of `name` in [from, to], at most `limit` (bounded: safe for admin views). */
  nextRunsBetween(name: string, from: Date | number, to: Date | number, limit = 1000): Answer<this, Date[]> {
    if (this.durable) return this.durable.nextRunsBetween(name, from, to, limit) as never;
    const record = typeof name === 'string' ? this.registry.get(name) : undefined;
    if (!record) throw new TaskNotFoundError(name);
    const task = record.task;
    const start = toInstant(from, 'from');
    const end = toInstant(to, 'to');
    limit = checkInteger(limit, 'limit', 0, 1000);
    const out: Date[] = [];
    const anchor = this.#plannedAt(record);
    if (anchor === null) return out as never;
    for (let at: number | null = anchor >= start ? anchor : task.slotAfter(anchor, start - 1); at !== null && at <= end && out.length < limit; at = nextRunOf(task, at)) {
      out.push(new Date(at));
    }
    return out as never;
  }

  /** The task's next slot: scheduled, deferred to start(), or where it stood when paused. */
  #plannedAt(record: TaskRecord): number | null {
    return this.pendingAt(record) ?? (record.state === 'paused' ? record.pausedAt : null);
  }

  /** Cancels a task (or the task of that name); a running run finishes but is not rescheduled. */
  cancel(taskOrName: Task | string): Answer<this, boolean> {
    if (this.durable) return this.durable.cancel(taskOrName instanceof Task ? taskOrName.name : taskOrName) as never;
    // By name, straight to the record (the registry holds only this scheduler's): cancelling a
    // million tasks by name reads no Task object.
    const name = typeof taskOrName === 'string' ? taskOrName : undefined;
    const record = name !== undefined ? this.registry.get(name) ?? null : taskOrName instanceof Task ? this.recordIn(taskOrName) : null;
    if (record === null) return false as never;
    this.unschedule(record);
    this.registry.delete(record, name);
    record.owner = null;
    record.pending = null;
    if (this.events.listening.cancel) this.events.emit('cancel', { task: record.task });
    if (debug.enabled) debug('cancel %s', record.name);
    return true as never;
  }

  /** Pauses one task, or all. Slots passed while paused are dropped without `missed`. */
  pause(name?: string): Answer<this, void> {
    if (this.durable) return this.durable.pause(name) as never;
    for (const record of this.#select(name, 'pause')) {
      if (record.state === 'paused') continue;
      record.pausedAt = this.pendingAt(record);
      this.unschedule(record);
      record.state = 'paused';
    }
    return undefined as never;
  }

  /** Resumes one task, or all, at its next slot that is not past. */
  resume(name?: string): Answer<this, void> {
    if (this.durable) return this.durable.resume(name) as never;
    for (const record of this.#select(name, 'resume')) {
      if (record.state !== 'paused') continue;
      record.state = record.running > 0 ? 'running' : 'scheduled';
      const anchor = record.pausedAt;
      record.pausedAt = null;
      this.placeResumed(record, anchor);
    }
    return undefined as never;
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
    // add() and scheduleTask() check first; scheduleTaskAbs() of a task never held comes here.
    if (this.durable) throw memoryOnly('scheduleTaskAbs');
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
      record = newRecord(task);
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
