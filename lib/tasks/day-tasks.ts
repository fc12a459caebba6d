/**
 * Wall-clock rules: WeekdayTask and MonthdayTask.
 *
 * Calendar policy: the next run is the next matching local date and time strictly after the
 * scheduled instant (never "now + 1 day"), in `timeZone` (default: the process zone). A time
 * in a DST gap runs shifted forward by the gap; a time in a fold runs once, at the earlier
 * instant; a day missing from a month (31 April) is skipped.
 */
import { invalidType } from '../errors.js';
import { nextMonthdayOccurrence, nextWeekdayOccurrence, normalizeMonthdays, normalizeWeekdays } from '../time/day-rules.js';
import { parseTimeOfDay } from '../time/duration.js';
import { Zone } from '../time/zoned.js';
import type { TimeOfDay } from '../types.js';
import type { TaskOptions } from './options.js';
import { Task, nextRunOf } from './task.js';

interface DayTaskOptions extends TaskOptions {
  /** `[hour, minute]`, `[hour, minute, second]` or `'HH:MM[:SS]'`, local to `timeZone`. */
  timeOnDay: TimeOfDay;
}

export interface WeekdayTaskOptions extends DayTaskOptions {
  /** Days 1..7 with 1 = Monday (Kronos), or names `'mon'..'sun'` / `'monday'..'sunday'` (any case). */
  weekdays: ReadonlyArray<number | string>;
}

export interface MonthdayTaskOptions extends DayTaskOptions {
  /** Days 1..31, or -1..-31 counting from the month's end (-1 = last day). */
  monthdays: readonly number[];
}

const WEEKDAY_KEYS = ['timeOnDay', 'timeZone', 'weekdays'];
const MONTHDAY_KEYS = ['timeOnDay', 'timeZone', 'monthdays'];

export { normalizeMonthdays, normalizeWeekdays };

abstract class DayTask extends Task {
  readonly timeOnDay: readonly [number, number, number];
  readonly zone: Zone;

  constructor(options: DayTaskOptions, keys: readonly string[]) {
    super(options, keys);
    if (options.timeOnDay === undefined) throw invalidType('timeOnDay', "[hour, minute], [hour, minute, second] or 'HH:MM[:SS]'", undefined);
    this.timeOnDay = parseTimeOfDay(options.timeOnDay, 'timeOnDay');
    this.zone = Zone.resolve(options.timeZone, 'timeZone');
  }

  get timeZone(): string {
    return this.zone.id;
  }

  /** Calendar rules have no anchor: the next slot after `t` is simply the next match. */
  override slotAfter(anchor: number, t: number): number | null {
    return anchor > t ? anchor : nextRunOf(this, t);
  }
}

/** Runs on the given weekdays at `timeOnDay`. */
export class WeekdayTask extends DayTask {
  readonly weekdays: readonly number[];

  constructor(options: WeekdayTaskOptions) {
    super(options, WEEKDAY_KEYS);
    this.weekdays = normalizeWeekdays(options.weekdays);
  }

  protected override ruleNext(after: number): number | null {
    return nextWeekdayOccurrence(this.weekdays, this.timeOnDay, after, this.zone);
  }
}

/** Runs on the given days of the month at `timeOnDay`; months without the day are skipped. */
export class MonthdayTask extends DayTask {
  readonly monthdays: readonly number[];

  constructor(options: MonthdayTaskOptions) {
    super(options, MONTHDAY_KEYS);
    this.monthdays = normalizeMonthdays(options.monthdays);
  }

  protected override ruleNext(after: number): number | null {
    return nextMonthdayOccurrence(this.monthdays, this.timeOnDay, after, this.zone);
  }
}
