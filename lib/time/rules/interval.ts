/**
 * Every `interval` ms of elapsed time: `next(after) = after + interval`. The rule counts from
 * whatever instant it is given (the last slot, or a sequential run's completion); a grid
 * anchored at the first slot is the caller's choice of `after`.
 */
import { outOfRange } from '../../errors.js';
import { MAX_INSTANT_MS } from '../../internal/instant.js';
import type { Rule } from './rule.js';

/** Rules shared by interval length: a million tasks with one interval hold one rule. */
const shared = new Map<number, IntervalRule>();
const MAX_SHARED = 1024;

export class IntervalRule implements Rule {
  private constructor(readonly interval: number) {}

  /** The rule for `interval` ms (an integer ≥ 1, already validated as a duration). */
  static of(interval: number): IntervalRule {
    let rule = shared.get(interval);
    if (rule === undefined) {
      if (!Number.isInteger(interval) || interval < 1) throw outOfRange('interval', 'a duration of at least 1 ms', interval);
      rule = new IntervalRule(interval);
      if (shared.size < MAX_SHARED) shared.set(interval, rule);
    }
    return rule;
  }

  /** Null once the next slot is past the Date range (no Date could hold it). */
  next(after: number): number | null {
    const next = after + this.interval;
    return next <= MAX_INSTANT_MS ? next : null;
  }

  /** This grid restarted at `first`: `first` for anything before it, then every interval. */
  startingAt(first: number): Rule {
    const interval = this.interval;
    return { next: (after) => (after < first ? first : after + interval <= MAX_INSTANT_MS ? after + interval : null) };
  }
}
