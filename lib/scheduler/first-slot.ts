import type { Task } from '../tasks/task.js';
import type { TaskRecord } from './task-record.js';

/** A task waiting for the first start(): its own first slot (null) or a delay, counted from `now`. */
export function deferredFirst(task: Task, delay: number | null, now: number): number | null {
  return delay === null ? task.firstRunAt(now) : now + delay;
}

/** Why `add` refuses `task`: no slot of it comes after `now`, ever. */
export function neverRuns(task: Task, now: number): RangeError {
  const end = task.limitedRule?.limits.endDate;
  const after = new Date(now).toISOString();
  const why = end !== undefined && end < now ? `its endDate (${new Date(end).toISOString()}) is already past`
    : task.limitedRule ? `its limits allow none of its runs after ${after}`
    : `its rule has no run after ${after}`;
  return new RangeError(`Task "${task.name}" can never run: ${why}`);
}

/**
 * Tasks added before the first start() whose first slot counts from it: elapsed-time tasks
 * (null: their own first slot) and `scheduleTask` delays. Empty once started, and every
 * check is guarded by that, since hashing each finished or rescheduled task would cost.
 */
export class DeferredFirstSlots {
  readonly #delays = new Map<TaskRecord, number | null>();

  defer(record: TaskRecord, delay: number | null): void {
    this.#delays.set(record, delay);
  }

  drop(record: TaskRecord): void {
    if (this.#delays.size > 0) this.#delays.delete(record);
  }

  has(record: TaskRecord): boolean {
    return this.#delays.size > 0 && this.#delays.has(record);
  }

  /** The first slot `record` would get from a start() at `now`; undefined when it is not deferred. */
  firstAt(record: TaskRecord, now: number): number | null | undefined {
    const delay = this.#delays.size > 0 ? this.#delays.get(record) : undefined;
    return delay === undefined ? undefined : deferredFirst(record.task, delay, now);
  }

  /** Empties the set: each record with its first slot from a start() at `now` (null: it never runs). */
  take(now: number): Array<[TaskRecord, number | null]> {
    const out: Array<[TaskRecord, number | null]> = [];
    for (const [record, delay] of this.#delays) out.push([record, deferredFirst(record.task, delay, now)]);
    this.#delays.clear();
    return out;
  }
}
