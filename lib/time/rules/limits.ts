/**
 * Limits (akjob's "when a job may not run") as a rule wrapper: a date range, a daily window,
 * allowed weekdays, month days and months, all read on the zone's wall clock of the instant
 * itself, plus extra explicit `dates`. The wrapped rule proposes an instant; when the limits
 * refuse it, `LimitedRule` jumps to the next allowed instant and asks the rule again from
 * there (never minute by minute).
 */
import { nextWallMatch } from '../dst.js';
import type { Zone } from '../zone.js';
import type { Limits } from './limit-options.js';
import { LimitPattern } from './limit-pattern.js';
import type { Rule } from './rule.js';

export { LIMIT_KEYS, normalizeLimits, type LimitOptions, type Limits } from './limit-options.js';

const compiled = new WeakMap<Limits, LimitPattern>();

function compile(limits: Limits): LimitPattern {
  let pattern = compiled.get(limits);
  if (!pattern) {
    pattern = new LimitPattern(limits);
    compiled.set(limits, pattern);
  }
  return pattern;
}

/** Whether `t` (epoch ms) satisfies every limit but `dates`, on `zone`'s wall clock. */
export function isAllowed(limits: Limits, t: number, zone: Zone): boolean {
  if (limits.startDate !== undefined && t < limits.startDate) return false;
  if (limits.endDate !== undefined && t > limits.endDate) return false;
  const pattern = compile(limits);
  return !pattern.any || pattern.allows(zone.wallAt(t));
}

/** The earliest allowed instant ≥ `t`, or null when none comes (past `endDate`, or impossible limits). */
export function nextAllowed(limits: Limits, t: number, zone: Zone): number | null {
  const from = Math.ceil(limits.startDate !== undefined ? Math.max(t, limits.startDate) : t);
  const pattern = compile(limits);
  const next = pattern.any ? nextWallMatch(pattern, from - 1, zone, false) : from;
  return next === null || (limits.endDate !== undefined && next > limits.endDate) ? null : next;
}

/** The first of `dates` strictly after `after` (binary search), or null. */
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
 * `rule` under `limits` in `zone`: the first of the rule's instants and `dates` after
 * `after` that the limits allow. With `restartAtOpening` (elapsed-time rules: intervals) the
 * rule starts again at the opening of each allowed period instead of one step after it.
 * `next` gives null when the rule ends, the limits end, or `maxJumps` jumps find nothing (a
 * rule and limits that never meet, such as Mondays only with `activeWeekdays: [2]`).
 */
export class LimitedRule implements Rule {
  /** False when only `dates` are given: nothing is refused, so nothing is jumped. */
  private readonly restricts: boolean;

  constructor(
    readonly rule: Rule,
    readonly limits: Limits,
    readonly zone: Zone,
    private readonly restartAtOpening = false,
    private readonly maxJumps = 1000,
  ) {
    this.restricts = limits.startDate !== undefined || limits.endDate !== undefined || compile(limits).any;
  }

  next(after: number): number | null {
    const { limits, zone } = this;
    let candidate = this.merged(after);
    if (!this.restricts) return candidate;
    for (let i = 0; candidate !== null && !isAllowed(limits, candidate, zone); i++) {
      if (i >= this.maxJumps) return null;
      const allowed = nextAllowed(limits, candidate, zone);
      if (allowed === null) return null;
      candidate = this.restartAtOpening ? earlier(allowed, nextDate(limits.dates, allowed - 1)) : this.merged(allowed - 1);
    }
    return candidate;
  }

  private merged(after: number): number | null {
    return earlier(this.rule.next(after), nextDate(this.limits.dates, after));
  }
}

/** `rule` wrapped in `limits` when there are any (see {@link LimitedRule}), else `rule` itself. */
export function withLimits(rule: Rule, limits: Limits | undefined, zone: Zone, restartAtOpening = false): Rule {
  return limits === undefined ? rule : new LimitedRule(rule, limits, zone, restartAtOpening);
}
