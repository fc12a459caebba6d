/**
 * A rule: the one contract for "the next instant" of a schedule.
 *
 * `next(after)` takes and returns epoch milliseconds and is
 * - pure: the same `after` always gives the same answer (no clock, no I/O, no state that
 *   shows: wall-clock rules remember their last answer only to give it again, wall-rule.ts);
 * - strictly after: the result is `> after`, never equal;
 * - finite: `null` means the rule has no further instant (a one-shot that has run, an end
 *   date passed, a pattern that can never match again), never a loop or `Infinity`.
 * Successive calls `t1 = next(t0)`, `t2 = next(t1)`, ... walk the rule's instants in order.
 *
 * One rule per kind: interval.ts, once.ts, weekday.ts, monthday.ts, cron.ts; limits.ts wraps
 * any rule. Wall-clock rules map local times to instants through the one DST search (dst.ts).
 * Tasks hold a rule built once in their constructor; the scheduler never computes a next
 * time any other way.
 */
import type { Zone } from '../zone.js';

export interface Rule {
  /** The first instant strictly after `after` (epoch ms), or null when there is none. */
  next(after: number): number | null;
}

/** A rule on a zone's wall clock (weekday, monthday, cron): `zone` is the one it reads. */
export interface ZonedRule extends Rule {
  readonly zone: Zone;
}
