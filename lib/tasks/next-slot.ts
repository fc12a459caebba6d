/**
 * How a next slot is found and how finding it fails, shared by the task's default
 * `reschedule` (task.ts's `nextRunOf`) and settling, which asks a built-in task's rule
 * directly (settle.ts's `directRule`). Structural task types: no import of task.ts.
 */
import { RescheduleError, describeError } from '../errors.js';
import { MAX_INSTANT_MS } from '../internal/instant.js';

/**
 * @internal Marks a built-in task class's `ruleNext` as `this.rule.next(after)` (with `rule`
 * its own Rule), so that the scheduler may ask that rule directly (settle.ts's `directRule`).
 * A marker on the function, not a set: checking it on a run's path is a property read.
 */
export const FOLLOWS_RULE = Symbol('kronos.followsRule');

/** @internal Declares `cls`'s `ruleNext` to be `this.rule.next(after)`. */
export function ruleFollows(cls: { prototype: object }): void {
  const ruleNext = (cls.prototype as { ruleNext: { [FOLLOWS_RULE]?: boolean } }).ruleNext;
  ruleNext[FOLLOWS_RULE] = true;
}

/** @internal The error for a rule or `nextRun` that threw `error` for `after`. */
export function nextRunThrew(task: { readonly name: string }, after: number, error: unknown): RescheduleError {
  if (error instanceof RescheduleError) return error;
  return new RescheduleError(task.name, `nextRun(${instant(after)}) threw ${describeError(error, false)}`, { cause: error });
}

/** @internal The error for a next run that is not a finite instant after `after`. */
export function badNextRun(task: { readonly name: string }, after: number, next: number): RescheduleError {
  if (!Number.isFinite(next)) return new RescheduleError(task.name, `nextRun returned ${String(next)}, expected a Date, epoch ms or null`);
  return new RescheduleError(task.name, `nextRun(${instant(after)}) returned ${instant(next)}, which is not after it`);
}

/** An instant for a message: ISO when it is a valid Date, else the number (never a throw). */
function instant(ms: number): string {
  return Math.abs(ms) <= MAX_INSTANT_MS ? new Date(ms).toISOString() : String(ms);
}
