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
  // `declare`: set once in the constructor, with no class-field definition step before it.
  declare readonly rule: R;

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

  /**
   * A wall-clock rule's runs are a fixed set of instants (wall-rule.ts): when the next after
   * `now - 1` is later than `now`, none lies in between, so it is the next after `now` too and
   * one question does (Task's version asks again, for rules counting from their argument).
   * Limits and overridden next-run methods keep Task's version.
   */
  override firstRunAt(now: number): number | null {
    const plain =
      this.config.limited === undefined && this.ruleNext === CalendarTask.prototype.ruleNext &&
      this.nextRunAt === Task.prototype.nextRunAt && this.nextRun === Task.prototype.nextRun;
    return plain ? nextRunOf(this, now - 1) : super.firstRunAt(now);
  }

  /** Calendar rules have no anchor: the next slot after `t` is simply the next match. */
  override slotAfter(anchor: number, t: number): number | null {
    return anchor > t ? anchor : nextRunOf(this, t);
  }
}
