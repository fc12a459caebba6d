/**
 * What weekday, monthday and cron tasks share: a rule on a zone's wall clock, built once
 * from the options, and slots without an anchor.
 */
import type { ZonedRule } from '../time/rules/rule.js';
import type { Zone } from '../time/zone.js';
import type { TaskOptions } from './options.js';
import { Task, nextRunOf } from './task.js';
import { ruleFollows } from './next-slot.js';

export abstract class CalendarTask<O extends TaskOptions, R extends ZonedRule> extends Task {
  readonly rule: R;

  /** `build` checks the kind's own options (in its order) and makes the rule. */
  protected constructor(options: O, keys: readonly string[], build: (options: O) => R) {
    super(options, keys);
    this.rule = build(options);
  }

  /** The zone the rule reads. */
  get zone(): Zone {
    return this.rule.zone;
  }

  /** The zone's canonical name (`'America/New_York'`, `'UTC'`, `'+05:30'`). */
  get timeZone(): string {
    return this.rule.zone.id;
  }

  protected override ruleNext(after: number): number | null {
    return this.rule.next(after);
  }

  static {
    ruleFollows(CalendarTask);
  }

  /** Calendar rules have no anchor: the next slot after `t` is simply the next match. */
  override slotAfter(anchor: number, t: number): number | null {
    return anchor > t ? anchor : nextRunOf(this, t);
  }
}
