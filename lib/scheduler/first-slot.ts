import type { Task } from '../tasks/task.js';

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
