/**
 * Wall-clock rules: WeekdayTask and MonthdayTask.
 *
 * Calendar policy: the next run is the next matching local date and time strictly after the
 * scheduled instant (never "now + 1 day"), in `timeZone` (default: the process zone). A time
 * in a DST gap runs shifted forward by the gap; a time in a fold runs once, at the earlier
 * instant; a day missing from a month (31 April) is skipped.
 */
import { invalidType, outOfRange } from '../errors.js';
import { nextMonthdayOccurrence, nextWeekdayOccurrence } from '../time/day-rules.js';
import { parseTimeOfDay } from '../time/duration.js';
import { Zone } from '../time/zoned.js';
import type { TimeOfDay } from '../types.js';
import type { TaskOptions } from './options.js';
import { Task, nextRunOf } from './task.js';

const WEEKDAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

interface DayTaskOptions extends TaskOptions {
  /** `[hour, minute]`, `[hour, minute, second]` or `'HH:MM[:SS]'`, local to `timeZone`. */
  timeOnDay: TimeOfDay;
}

export interface WeekdayTaskOptions extends DayTaskOptions {
  /** Days 1..7 with 1 = Monday (Kronos), or `'mon'..'sun'`. */
  weekdays: ReadonlyArray<number | string>;
}

export interface MonthdayTaskOptions extends DayTaskOptions {
  /** Days 1..31, or -1..-31 counting from the month's end (-1 = last day). */
  monthdays: readonly number[];
}

const WEEKDAY_KEYS = ['timeOnDay', 'timeZone', 'weekdays'];
const MONTHDAY_KEYS = ['timeOnDay', 'timeZone', 'monthdays'];

/** 1..7 (Monday = 1) from numbers or three-letter names; sorted, without repeats. */
export function normalizeWeekdays(value: unknown, option = 'weekdays'): number[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw invalidType(option, "a non-empty array of weekdays 1..7 (1 = Monday) or 'mon'..'sun'", value);
  }
  const days = value.map((day: unknown) => {
    if (typeof day === 'string') {
      const index = WEEKDAY_NAMES.indexOf(day.slice(0, 3).toLowerCase());
      if (index < 0 || day.length < 3) throw invalidType(option, "weekdays 1..7 (1 = Monday) or 'mon'..'sun'", day);
      return index + 1;
    }
    if (typeof day !== 'number' || !Number.isInteger(day)) throw invalidType(option, 'weekdays 1..7 (1 = Monday)', day);
    if (day < 1 || day > 7) throw outOfRange(option, 'weekdays 1..7 (1 = Monday)', day);
    return day;
  });
  return [...new Set(days)].sort((a, b) => a - b);
}

/** 1..31 and -1..-31; sorted, without repeats. */
export function normalizeMonthdays(value: unknown, option = 'monthdays'): number[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw invalidType(option, 'a non-empty array of month days 1..31 or -1..-31', value);
  }
  for (const day of value) {
    if (typeof day !== 'number' || !Number.isInteger(day)) throw invalidType(option, 'month days 1..31 or -1..-31', day);
    if (day === 0 || day < -31 || day > 31) throw outOfRange(option, 'month days 1..31 or -1..-31 (0 is not a day)', day);
  }
  return [...new Set(value as number[])].sort((a, b) => a - b);
}

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
