/**
 * The Scheduler's API on a durable store: each call is a store call and answers with a
 * Promise, in database time. Declaring is an upsert by name (every process declares its
 * schedules at start-up): `created`, `updated`, or `unchanged`, which keeps the slot grid.
 */
import createDebug from 'debug';
import { TaskNotFoundError, invalidType } from '../../errors.js';
import { toInstant } from '../../internal/instant.js';
import { checkInteger } from '../../tasks/options.js';
import { nextRunOf } from '../../tasks/task.js';
import type { Task } from '../../tasks/task.js';
import type { ScheduleRow, ScheduleType } from '../../store/store.js';
import type { Outcome, TaskInfo, TaskSource } from '../../types.js';
import type { DurableEngine } from './engine.js';
import type { EngineHost } from './host.js';
import { specOf, taskOf } from './spec.js';
import type { DeclaredTask } from './types.js';

const debug = createDebug('kronos:durable');


export class DurableSchedules {
  readonly #engine: DurableEngine;
  readonly #host: EngineHost;

  constructor(engine: DurableEngine, host: EngineHost) {
    this.#engine = engine;
    this.#host = host;
  }

  /** Declares a schedule (upsert by name); its first slot is counted from the store's now. */
  async add(type: ScheduleType, options: Record<string, unknown>): Promise<DeclaredTask> {
    const spec = specOf(type, options);
    const store = this.#engine.store;
    const now = await store.now();
    const first = taskOf(spec, null).firstRunAt(now);
    const { result, schedule } = await store.upsertSchedule(spec, first);
    let row = schedule;
    if (result === 'created' && options.enabled === false) {
      await store.setPaused(spec.name, true);
      row = (await store.getSchedule(spec.name)) ?? row;
    }
    if (result !== 'unchanged') await this.#changed(row);
    return { result, task: infoOf(row) };
  }

  async cancel(name: string): Promise<boolean> {
    if (typeof name !== 'string') throw invalidType('name', 'a task name', name);
    const store = this.#engine.store;
    const row = await store.getSchedule(name);
    if (row === null || !(await store.deleteSchedule(name))) return false;
    const events = this.#host.events;
    if (events.listenerCount('cancel') > 0) {
      // A row this version cannot build a task from is deleted all the same; there is no Task to name.
      const task = this.#taskOrNull(row);
      if (task) events.emit('cancel', { task });
    }
    return true;
  }

  async pause(name?: string): Promise<void> {
    await this.#exists(name, 'pause');
    await this.#engine.store.setPaused(name ?? null, true);
  }

  /** Resumes at the next slot that is not past (slots passed while paused are dropped, as in memory). */
  async resume(name?: string): Promise<void> {
    await this.#exists(name, 'resume');
    const store = this.#engine.store;
    await store.setPaused(name ?? null, false, (row, now) => {
      const task = this.#taskOrNull(row);
      const anchor = row.pausedAt;
      // Unreadable: resumed on its own grid; the claim fails it, with the reason, when due.
      if (task === null) return anchor;
      if (anchor === null) return task.firstRunAt(now);
      return anchor >= now ? anchor : task.slotAfter(anchor, now - 1);
    });
    for (const row of name === undefined ? await store.listSchedules() : [await store.getSchedule(name)]) {
      if (row && !row.paused) await this.#changed(row);
    }
  }

  /**
   * A manual run (kind 'manual') after `delay` ms, beside the regular slots: it never takes one.
   * Recorded pending in the store, it runs in whichever process serving its queue claims it
   * first (this one or a peer; a producer runs nothing). `skipNext`: the schedule's next regular
   * slot is skipped too (run now instead of then), in the same transaction.
   */
  async runNow(name: string, options: { delay?: number; skipNext?: boolean } = {}): Promise<Date> {
    if (typeof options !== 'object' || options === null) throw invalidType('options', 'an options object { delay?, skipNext? }', options);
    const delay = options.delay ?? 0;
    if (typeof delay !== 'number') throw invalidType('delay', 'a non-negative integer (ms)', delay);
    checkInteger(delay, 'delay', 0, 0);
    const skipNext = options.skipNext ?? false;
    if (typeof skipNext !== 'boolean') throw invalidType('skipNext', 'a boolean', skipNext);
    const engine = this.#engine;
    const store = engine.store;
    const at = (await store.now()) + delay;
    // The slot after the next one, from the schedule's rule as it stands in the transaction.
    const after = (row: ScheduleRow): number | null => (row.nextRunAt === null ? null : nextRunOf(engine.taskFor(row), row.nextRunAt));
    let requested;
    try {
      requested = await store.requestRun(name, at, skipNext ? { skipNext: after } : {});
    } catch (error) {
      throw error instanceof TaskNotFoundError ? new TaskNotFoundError(name, 'run now') : error;
    }
    // Our own 'run-requested' wakes us too; waking now saves a round trip through the store.
    if (requested) engine.wake();
    return new Date(at);
  }

  async tasks(): Promise<TaskInfo[]> {
    const rows = await this.#engine.store.listSchedules(null);
    return rows.filter((row) => row.state !== 'finished').map(infoOf);
  }

  async getTask(name: string): Promise<Task | undefined> {
    if (typeof name !== 'string') return undefined;
    const row = await this.#engine.store.getSchedule(name);
    return row === null ? undefined : this.#engine.taskFor(row);
  }

  /** Upcoming slots of `name` in [from, to] (database time), at most `limit`. */
  async nextRunsBetween(name: string, from: Date | number, to: Date | number, limit = 1000): Promise<Date[]> {
    const start = toInstant(from, 'from');
    const end = toInstant(to, 'to');
    limit = checkInteger(limit, 'limit', 0, 1000);
    const row = typeof name === 'string' ? await this.#engine.store.getSchedule(name) : null;
    if (row === null) throw new TaskNotFoundError(name);
    const task = this.#engine.taskFor(row);
    const out: Date[] = [];
    const anchor = row.nextRunAt ?? (row.paused ? row.pausedAt : null);
    if (anchor === null) return out;
    for (let at: number | null = anchor >= start ? anchor : task.slotAfter(anchor, start - 1); at !== null && at <= end && out.length < limit; at = nextRunOf(task, at)) {
      out.push(new Date(at));
    }
    return out;
  }

  async #exists(name: string | undefined, verb: string): Promise<void> {
    if (name === undefined) return;
    if (typeof name !== 'string') throw invalidType('name', `a task name to ${verb}, or nothing for all`, name);
    if ((await this.#engine.store.getSchedule(name)) === null) throw new TaskNotFoundError(name, verb);
  }

  /** The row's task, or null (logged under `kronos:durable`) when this version cannot build one. */
  #taskOrNull(row: ScheduleRow): Task | null {
    try {
      return this.#engine.taskFor(row);
    } catch (error) {
      debug('schedule %s is not a task here: %s', row.name, error instanceof Error ? error.message : String(error));
      return null;
    }
  }

  /** Tells the peers (and this process) that a schedule's next slot may be sooner. */
  async #changed(row: ScheduleRow): Promise<void> {
    await this.#engine.store.notify({ type: 'changed', name: row.name, nextRunAt: row.paused ? null : row.nextRunAt });
  }
}

/** What the in-memory-only calls (`add(task)`, `scheduleTask`, `scheduleTaskAbs`) throw on a durable store. */
export function memoryOnly(method: string): TypeError {
  return new TypeError(`${method}() takes a Task instance, which a durable store cannot keep; declare durable schedules with add*Task({ name, action: 'a-defined-handler', ... })`);
}

/** A schedule row as TaskInfo (nextRunAt in database time). */
export function infoOf(row: ScheduleRow): TaskInfo {
  const at = row.nextRunAt ?? (row.paused ? row.pausedAt : null);
  // 'finished' has no TaskState: such a schedule runs no more, as one that left the registry.
  const state = row.state === 'finished' ? 'scheduled' : row.state;
  const info: TaskInfo = { name: row.name, nextRunAt: at === null ? null : new Date(at), state, runs: row.runs, failures: row.failures, source: row.source as TaskSource };
  const last = row.lastOutcome;
  if (last) {
    const outcome: Outcome = { status: last.status === 'lost' ? 'error' : last.status, at: new Date(last.at), durationMs: last.durationMs, latenessMs: last.latenessMs };
    if (last.error) outcome.error = Object.assign(new Error(last.error.message), { name: last.error.name, stack: last.error.stack });
    else if (last.status === 'lost') outcome.error = new Error('The run was lost with its process');
    info.lastOutcome = outcome;
  }
  return info;
}
