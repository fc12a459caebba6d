/**
 * The registry half of the Scheduler: names, events, cancel, pause/resume and the failure
 * paths. The loop half (heap, timer, runs) lives in scheduler.ts.
 */
import createDebug from 'debug';
import { guardLogger } from '../logger.js';
import { DuplicateTaskError, SchedulerError, TaskNotFoundError, invalidType } from '../errors.js';
import { CronTask } from '../tasks/cron-task.js';
import type { CronTaskOptions } from '../tasks/cron-task.js';
import { MonthdayTask, WeekdayTask } from '../tasks/day-tasks.js';
import type { MonthdayTaskOptions, WeekdayTaskOptions } from '../tasks/day-tasks.js';
import { IntervalTask } from '../tasks/interval-task.js';
import type { IntervalTaskOptions } from '../tasks/interval-task.js';
import { SingleTask } from '../tasks/single-task.js';
import type { SingleTaskOptions } from '../tasks/single-task.js';
import { Task, nextRunOf } from '../tasks/task.js';
import { TaskRegistry } from './registry.js';
import type { Logger, RunInfo, SchedulerEvents, TaskInfo } from '../types.js';
import { Emitter } from './emitter.js';
import { toInstant as checkInstant } from '../time/instant.js';
import { checkInteger } from '../tasks/options.js';

const debug = createDebug('kronos:task');

export abstract class SchedulerBase {
  readonly events: Emitter<SchedulerEvents>;
  protected readonly registry = new TaskRegistry();

  /** The logger given, guarded: no call to it ever throws (see guardLogger). */
  readonly logger: Logger;

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
    return typeof name === 'string' ? this.registry.get(name) : undefined;
  }

  tasks(): TaskInfo[] {
    const out: TaskInfo[] = [];
    for (const task of this.registry.values()) {
      const info = task.info();
      const at = this.#plannedAt(task);
      info.nextRunAt = at === null ? null : new Date(at);
      out.push(info);
    }
    return out;
  }

  /** Upcoming runs of `name` in [from, to], at most `limit` (bounded: safe for admin views). */
  nextRunsBetween(name: string, from: Date | number, to: Date | number, limit = 1000): Date[] {
    const task = this.getTask(name);
    if (!task) throw new TaskNotFoundError(name);
    const start = toInstant(from, 'from');
    const end = toInstant(to, 'to');
    limit = checkInteger(limit, 'limit', 0, 1000);
    const out: Date[] = [];
    const anchor = this.#plannedAt(task);
    if (anchor === null) return out;
    for (let at: number | null = anchor >= start ? anchor : task.slotAfter(anchor, start - 1); at !== null && at <= end && out.length < limit; at = nextRunOf(task, at)) {
      out.push(new Date(at));
    }
    return out;
  }

  /** The task's next slot: scheduled, deferred to start(), or where it stood when paused. */
  #plannedAt(task: Task): number | null {
    return this.pendingAt(task) ?? (task.state === 'paused' ? task.pausedAt : null);
  }

  /** Cancels a task (or the task of that name); a running run finishes but is not rescheduled. */
  cancel(taskOrName: Task | string): boolean {
    const task = typeof taskOrName === 'string' ? this.getTask(taskOrName) : taskOrName;
    if (!(task instanceof Task) || task.owner !== this) return false;
    this.unschedule(task);
    this.registry.delete(task);
    task.owner = null;
    task.pending = null;
    if (this.events.listenerCount('cancel') > 0) this.events.emit('cancel', { task });
    if (debug.enabled) debug('cancel %s', task.name);
    return true;
  }

  /** Pauses one task, or all. Slots passed while paused are dropped without `missed`. */
  pause(name?: string): void {
    for (const task of this.#select(name, 'pause')) {
      if (task.state === 'paused') continue;
      task.pausedAt = this.pendingAt(task);
      this.unschedule(task);
      task.state = 'paused';
    }
  }

  /** Resumes one task, or all, at its next slot that is not past. */
  resume(name?: string): void {
    for (const task of this.#select(name, 'resume')) {
      if (task.state !== 'paused') continue;
      task.state = task.running > 0 ? 'running' : 'scheduled';
      const anchor = task.pausedAt;
      task.pausedAt = null;
      this.placeResumed(task, anchor);
    }
  }

  #select(name: string | undefined, verb: string): Task[] {
    if (name === undefined) return [...this.registry.values()];
    if (typeof name !== 'string') throw invalidType('name', `a task name to ${verb}, or nothing for all`, name);
    const task = this.getTask(name);
    if (!task) throw new TaskNotFoundError(name, verb);
    return [task];
  }

  /** Adds `task` to the registry under its name (duplicate names throw unless `replace`). */
  protected register(task: Task): void {
    if (!(task instanceof Task)) throw invalidType('task', 'a Task instance', task);
    if (task.owner === this) return;
    if (task.owner !== null) throw new SchedulerError(`Task "${task.name}" belongs to another scheduler`);
    this.checkMode(task);
    const existing = this.registry.sameName(task);
    if (existing) {
      if (!task.policy.replace) throw new DuplicateTaskError(task.name);
      this.cancel(existing);
    }
    task.owner = this;
    task.state = 'scheduled';
    this.registry.add(task);
  }

  /** One-shot done, `maxRuns` reached or past the end: the task leaves the registry. */
  protected finishTask(task: Task): void {
    if (task.owner !== this) return;
    this.unschedule(task);
    this.registry.delete(task);
    task.owner = null;
    if (debug.enabled) debug('finished %s after %d runs', task.name, task.runs);
  }

  /**
   * A broken `nextRun` (already a RescheduleError, see nextRunOf) or a throwing `reschedule`
   * hook (its own error): reported, and the task stays listed as `failed`.
   */
  protected failTask(task: Task, error: unknown): void {
    this.unschedule(task);
    task.state = 'failed';
    this.report(error, task);
  }

  /** Emits `error`, or logs it when nobody listens; never throws. */
  report(error: unknown, task?: Task, run?: RunInfo): void {
    const payload: SchedulerEvents['error'] = { error };
    if (task) payload.task = task;
    if (run) payload.run = run;
    if (!this.events.emit('error', payload)) {
      this.logger.error(task ? `Task "${task.name}" failed` : 'Scheduler error', error);
    }
  }

  protected abstract checkMode(task: Task): void;
  protected abstract unschedule(task: Task): void;
  protected abstract pendingAt(task: Task): number | null;
  protected abstract placeResumed(task: Task, anchor: number | null): void;
}

/** Accepts a Date or epoch ms within the Date range and returns ms, or throws naming the option. */
export function toInstant(value: Date | number, option: string): number {
  return checkInstant(value, option);
}
