/**
 * Limits on a task (rules/limits.ts), as the Task base class reads them. Transitional: once
 * task.ts holds `withLimits(rule, limits, zone, elapsed)` as its rule, this file goes, and
 * `LimitOptions` is re-exported from time/rules/limits.ts directly.
 */
import { LIMIT_KEYS, LimitedRule, normalizeLimits, type LimitOptions, type Limits } from '../time/rules/limits.js';
import { Zone } from '../time/zone.js';

export type { LimitOptions };

/**
 * A task's limits and the zone they are read in (task.ts and scheduler/jitter.ts read both).
 * @deprecated transitional: a task will hold a `LimitedRule`, which carries both.
 */
export interface Constraints {
  readonly limits: Limits;
  readonly zone: Zone;
}

/**
 * Normalises the limit options of a task; undefined when it has none (the common, free case).
 * A `timeZone` is checked even when nothing here reads it (an interval or single task with no
 * wall-clock limit), so a bad one fails where it was given.
 */
export function normalizeConstraints(options: LimitOptions): Constraints | undefined {
  let given: Record<string, unknown> | undefined;
  for (const key of LIMIT_KEYS) {
    if (key !== 'timeZone' && options[key] !== undefined) (given ??= {})[key] = options[key];
  }
  const zone = options.timeZone === undefined && !given ? undefined : Zone.resolve(options.timeZone, 'timeZone');
  if (!given) return undefined;
  return { limits: normalizeLimits(given), zone: zone as Zone };
}

/** `rule` under the task's limits (a LimitedRule made per call: only tasks with limits come here). */
export function constrainedNext(
  rule: (after: number) => number | null,
  after: number,
  constraints: Constraints,
  restartAtOpening: boolean,
): number | null {
  return new LimitedRule({ next: rule }, constraints.limits, constraints.zone, restartAtOpening).next(after);
}
