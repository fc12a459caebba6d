/**
 * Limits on any task (akjob): a date range, a daily window, allowed weekdays, month days and
 * months, and extra explicit `dates`. They are read on the wall clock of the task's
 * `timeZone`. The task's rule proposes an instant; when the limits refuse it, we jump to the
 * next allowed instant and ask the rule again from there (never minute by minute).
 */
import { invalidType } from '../errors.js';
import { nextUnderLimits, normalizeLimits } from '../time/limits.js';
import type { Limits } from '../time/limits.js';
import { Zone } from '../time/zoned.js';
import { toInstant } from '../time/instant.js';

/** Options every task accepts to limit when it may run. */
export interface LimitOptions {
  /** Nothing runs before this instant. */
  startDate?: Date | number;
  /** Nothing runs after this instant; the task finishes then. */
  endDate?: Date | number;
  /** Time-of-day window `{ from, to }` (`'HH:MM[:SS]'`, `[h, m, s?]` or seconds of the day); `from > to` crosses midnight. */
  activeWindow?: { from: string | number | readonly number[]; to: string | number | readonly number[] };
  /** Allowed weekdays, 1..7 with 1 = Monday, or names `'mon'..'sun'` / `'monday'..'sunday'`. */
  activeWeekdays?: ReadonlyArray<number | string>;
  /** Allowed month days, 1..31 or -1..-31 from the month's end. */
  activeMonthdays?: readonly number[];
  /** Allowed months, 1..12. */
  activeMonths?: readonly number[];
  /** Extra instants to run at, besides the task's own rule (limits apply to them too). */
  dates?: ReadonlyArray<Date | number>;
  /** Zone of the limits (and of day/cron rules). @default the process zone */
  timeZone?: string;
}

export const LIMIT_KEYS = ['startDate', 'endDate', 'activeWindow', 'activeWeekdays', 'activeMonthdays', 'activeMonths', 'dates', 'timeZone'] as const;
const WALL_LIMIT_KEYS = ['startDate', 'endDate', 'activeWindow', 'activeWeekdays', 'activeMonthdays', 'activeMonths'] as const;

export interface Constraints {
  readonly limits: Limits | undefined;
  /** Sorted, without repeats. */
  readonly dates: readonly number[] | undefined;
  readonly zone: Zone;
}

/**
 * Normalises the limit options; undefined when the task has none (the common, free case).
 * A `timeZone` is checked even when nothing here reads it (an interval or single task with no
 * wall-clock limit), so a bad one fails where it was given.
 */
export function normalizeConstraints(options: LimitOptions): Constraints | undefined {
  let wall: Record<string, unknown> | undefined;
  for (const key of WALL_LIMIT_KEYS) {
    if (options[key] !== undefined) (wall ??= {})[key] = options[key];
  }
  const dates = options.dates === undefined ? undefined : normalizeDates(options.dates);
  const zone = options.timeZone === undefined && !wall && !dates ? undefined : Zone.resolve(options.timeZone, 'timeZone');
  if (!wall && !dates) return undefined;
  return {
    limits: wall ? normalizeLimits(wall) : undefined,
    dates,
    zone: zone as Zone,
  };
}

function normalizeDates(value: unknown): number[] {
  if (!Array.isArray(value)) throw invalidType('dates', 'an array of Dates or epoch milliseconds', value);
  const out = value.map((d: unknown) => toInstant(d, 'dates'));
  return [...new Set(out)].sort((a, b) => a - b);
}

/** The first extra date strictly after `after` (binary search), or null. */
function nextDate(dates: readonly number[] | undefined, after: number): number | null {
  if (!dates) return null;
  let lo = 0;
  let hi = dates.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((dates[mid] as number) <= after) lo = mid + 1;
    else hi = mid;
  }
  return lo < dates.length ? (dates[lo] as number) : null;
}

function earlier(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return a < b ? a : b;
}

/**
 * The next run under the constraints. `rule` is the task's own rule; `restartAtOpening`
 * (interval tasks) starts the grid again at the opening of each allowed period instead of
 * one interval after it.
 */
export function constrainedNext(
  rule: (after: number) => number | null,
  after: number,
  constraints: Constraints,
  restartAtOpening: boolean,
  maxJumps = 1000,
): number | null {
  const { limits, dates, zone } = constraints;
  const merged = (a: number) => earlier(rule(a), nextDate(dates, a));
  if (!limits) return merged(after);
  const resume = restartAtOpening ? (allowed: number) => earlier(allowed, nextDate(dates, allowed - 1)) : (allowed: number) => merged(allowed - 1);
  return nextUnderLimits(merged, after, limits, zone, maxJumps, resume);
}
