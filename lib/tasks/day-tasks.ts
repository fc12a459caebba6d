/**
 * Wall-clock tasks: WeekdayTask and MonthdayTask (rules: time/rules/weekday.ts, monthday.ts).
 *
 * Calendar policy: the next run is the next matching local date and time strictly after the
 * scheduled instant (never "now + 1 day"), in `timeZone` (default: the process zone). A time
 * in a DST gap runs shifted forward by the gap; a time in a fold runs once, at the earlier
 * instant; a day missing from a month (31 April) is skipped.
 */
import { invalidType } from '../errors.js';
import { normalizeMonthdays, weekdayMask } from '../time/day-lists.js';
import { parseTimeOfDay } from '../time/duration.js';
import type { TimeTriple } from '../time/rules/day-time.js';
import { MonthdayRule } from '../time/rules/monthday.js';
import { WeekdayRule } from '../time/rules/weekday.js';
import { Zone } from '../time/zone.js';
import type { TimeOfDay } from '../types.js';
import { CalendarTask } from './calendar-task.js';
import type { TaskOptions } from './options.js';

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

// `timeZone` (a common option, checked first for every task), then `timeOnDay`, then the
// day list: the order errors are reported in.
function timeOf(options: DayTaskOptions): TimeTriple {
  if (options.timeOnDay === undefined) throw invalidType('timeOnDay', "[hour, minute], [hour, minute, second] or 'HH:MM[:SS]'", undefined);
  return parseTimeOfDay(options.timeOnDay, 'timeOnDay');
}

function weekdayRule(options: WeekdayTaskOptions): WeekdayRule {
  const zone = Zone.resolve(options.timeZone, 'timeZone');
  const time = timeOf(options);
  return WeekdayRule.of(weekdayMask(options.weekdays), time, zone);
}

function monthdayRule(options: MonthdayTaskOptions): MonthdayRule {
  const zone = Zone.resolve(options.timeZone, 'timeZone');
  const time = timeOf(options);
  return MonthdayRule.of(normalizeMonthdays(options.monthdays), time, zone);
}

/** Runs on the given weekdays at `timeOnDay`. */
export class WeekdayTask extends CalendarTask<WeekdayTaskOptions, WeekdayRule> {
  constructor(options: WeekdayTaskOptions) {
    super(options, WEEKDAY_KEYS, weekdayRule);
  }

  /** 1..7, 1 = Monday, sorted. */
  get weekdays(): readonly number[] {
    return this.rule.weekdays;
  }

  get timeOnDay(): TimeTriple {
    return this.rule.timeOnDay;
  }
}

/** Runs on the given days of the month at `timeOnDay`; months without the day are skipped. */
export class MonthdayTask extends CalendarTask<MonthdayTaskOptions, MonthdayRule> {
  constructor(options: MonthdayTaskOptions) {
    super(options, MONTHDAY_KEYS, monthdayRule);
  }

  /** 1..31 or -1..-31, sorted. */
  get monthdays(): readonly number[] {
    return this.rule.monthdays;
  }

  get timeOnDay(): TimeTriple {
    return this.rule.timeOnDay;
  }
}
