/**
 * A cron expression in a zone. `parseCron` compiles an expression (shared by every rule with
 * the same text); `CronRule.search` maps its wall times to instants through dst.ts, and `next`
 * remembers its last answer (wall-rule.ts).
 *
 * DST: fixed-time expressions (no `*`, `?` or step in the minute and hour fields) follow the
 * weekday/monthday policy (gap → shifted forward, fold → the earlier instant only); every
 * other expression follows the clock, firing at each real instant whose wall time matches, so
 * a fold's repeated hour fires twice and times in a gap never occur. See docs/time-semantics.md.
 */
import { invalidType } from '../../errors.js';
import { nextWallMatch } from '../dst.js';
import type { Zone } from '../zone.js';
import { CronPattern } from './cron-pattern.js';
import { SharedRules } from './shared.js';
import { WallRule } from './wall-rule.js';

/**
 * Rules by zone and expression as given (the key their pattern is shared by), so a task whose
 * rule exists needs no parse: one lookup of its expression in its zone.
 */
const shared = new SharedRules<string, CronRule>(65_536);

/**
 * Compiled patterns by expression (a pattern is a few KB); bounded, since expressions may come
 * from users. When full it starts over, and so do the rules below, which hold patterns: at
 * most MAX_PATTERNS patterns are ever kept alive by the caches.
 */
const patterns = new Map<string, CronPattern>();
const MAX_PATTERNS = 4096;

/** Compiles a cron expression; throws a RangeError naming the field and quoting the expression. */
export function parseCron(expression: string): CronPattern {
  if (typeof expression !== 'string') throw invalidType('cron', 'a cron expression like "*/5 * * * *"', expression);
  let pattern = patterns.get(expression);
  if (pattern === undefined) {
    pattern = new CronPattern(expression);
    if (patterns.size >= MAX_PATTERNS) {
      patterns.clear();
      shared.clear();
    }
    patterns.set(expression, pattern);
  }
  return pattern;
}

export class CronRule extends WallRule {
  constructor(readonly pattern: CronPattern, zone: Zone) {
    super(zone);
  }

  /** The rule for `pattern` in `zone`, shared with every task that has the same expression and zone. */
  static of(pattern: CronPattern, zone: Zone): CronRule {
    const rule = shared.get(zone, pattern.expression);
    return rule?.pattern === pattern ? rule : shared.keep(zone, pattern.expression, new CronRule(pattern, zone));
  }

  /** The shared rule for `expression` in `zone` when there is one (then no parse is needed). */
  static known(expression: string, zone: Zone): CronRule | undefined {
    return shared.get(zone, expression);
  }

  /** The expression as given. */
  get expression(): string {
    return this.pattern.expression;
  }

  /** True when the rule follows the fixed-time DST policy rather than the clock. */
  get fixedTime(): boolean {
    return this.pattern.fixedTime;
  }

  search(after: number): number | null {
    return nextWallMatch(this.pattern, after, this.zone, this.pattern.fixedTime);
  }
}
