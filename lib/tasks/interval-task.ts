import { outOfRange } from '../errors.js';
import { toMillis } from '../time/duration.js';
import { IntervalRule } from '../time/rules/interval.js';
import { LimitedRule } from '../time/rules/limits.js';
import type { Duration } from '../types.js';
import type { TaskOptions } from './options.js';
import { Task } from './task.js';
import { ruleFollows } from './next-slot.js';

const INTERVAL_KEYS = ['interval', 'initialDelay'];

export interface IntervalTaskOptions extends TaskOptions {
  /** Elapsed time between runs, ≥ 1 ms. */
  interval: Duration;
  /** Elapsed time before the first run, counted from `start()`. @default 0 */
  initialDelay?: Duration;
}

/**
 * Runs every `interval` of elapsed time. Sequential tasks count the next run from the
 * previous run's completion (Kronos); every other mode keeps a fixed grid from the first
 * slot, so runs never drift. After a backward wall-clock jump the scheduler moves these
 * slots with the clock, since they measure elapsed time, not wall time.
 */
export class IntervalTask extends Task {
  /** Shared by every task with the same interval. */
  readonly rule: IntervalRule;
  readonly initialDelay: number;

  constructor(options: IntervalTaskOptions) {
    super(options, INTERVAL_KEYS);
    const interval = toMillis(options.interval, 'interval');
    if (interval < 1) throw outOfRange('interval', 'a duration of at least 1 ms', options.interval);
    this.rule = IntervalRule.of(interval);
    this.initialDelay = options.initialDelay === undefined ? 0 : toMillis(options.initialDelay, 'initialDelay');
  }

  /** Elapsed time between runs (ms). */
  get interval(): number {
    return this.rule.interval;
  }

  static {
    // Interval slots measure elapsed time and move with a backward clock jump.
    Object.defineProperty(IntervalTask.prototype, 'elapsed', { value: true, writable: false, enumerable: false, configurable: true });
    ruleFollows(IntervalTask);
  }

  protected override ruleNext(after: number): number | null {
    return this.rule.next(after);
  }

  override firstRunAt(now: number): number | null {
    const first = now + this.initialDelay;
    const limited = this.limitedRule;
    if (limited === undefined) return first;
    // Under limits the first slot too must be allowed: from `first`, or the next opening.
    return new LimitedRule(this.rule.startingAt(first), limited.limits, limited.zone, true).next(first - 1);
  }

  override slotAfter(anchor: number, t: number): number | null {
    // Under limits the grid has holes: walk it like any rule.
    if (this.limitedRule) return super.slotAfter(anchor, t);
    if (anchor > t) return anchor;
    return anchor + (Math.floor((t - anchor) / this.interval) + 1) * this.interval;
  }

  override lateSlots(anchor: number, until: number, limit: number): { count: number; last: number; truncated: boolean } {
    if (this.limitedRule) return super.lateSlots(anchor, until, limit);
    if (anchor > until) return { count: 0, last: anchor, truncated: false };
    const steps = Math.floor((until - anchor) / this.interval);
    const count = steps + 1;
    return { count: Math.min(count, limit), last: anchor + steps * this.interval, truncated: count > limit };
  }
}
