/**
 * Weekday and monthday rules: a local time of day on chosen days, in a zone.
 *
 * Calendar policy (shared with fixed-time cron, see next-match.ts): the next run is the next
 * matching local date and time strictly after `after`, never "after + 1 day". A time in a DST
 * gap runs shifted forward by the gap; a time in a fold runs once, at the earlier instant;
 * occurrences landing on the same instant merge; a month without the day (31 April, -31 in a
 * 30-day month) is skipped.
 */
import { invalidType, outOfRange } from '../errors.js';
import { MS_PER_DAY, civilFromDays, daysFromCivil, daysInMonth, isoWeekdayOfDays } from './calendar.js';
import { nextWallMatch, type WallRule } from './next-match.js';
import type { Zone } from './zoned.js';

/** `[hour, minute, second]`, as returned by `parseTimeOfDay`. */
export type TimeTriple = readonly [number, number, number];

const WEEKDAY_NAMES = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const WEEKDAY = "weekdays 1..7 (1 = Monday), 'mon'..'sun' or 'monday'..'sunday'";

/**
 * One weekday, for every weekday option (`weekdays`, `activeWeekdays`): 1..7 with 1 = Monday
 * (Kronos), or an English name, three letters or in full, in any case. Nothing else: a
 * word that only starts like a day (`'monkey'`) is an error, not a Monday.
 */
export function parseWeekday(day: unknown, option: string): number {
  if (typeof day === 'string') {
    const name = day.toLowerCase();
    const index = WEEKDAY_NAMES.findIndex((full) => name === full || name === full.slice(0, 3));
    if (index < 0) throw invalidType(option, WEEKDAY, day);
    return index + 1;
  }
  if (typeof day !== 'number' || !Number.isInteger(day)) throw invalidType(option, WEEKDAY, day);
  if (day < 1 || day > 7) throw outOfRange(option, 'weekdays 1..7 (1 = Monday)', day);
  return day;
}

/** A non-empty list of weekdays (see {@link parseWeekday}) as 1..7, sorted, without repeats. */
export function normalizeWeekdays(value: unknown, option = 'weekdays'): number[] {
  if (!Array.isArray(value) || value.length === 0) throw invalidType(option, `a non-empty array of ${WEEKDAY}`, value);
  return [...new Set(value.map((day: unknown) => parseWeekday(day, option)))].sort((a, b) => a - b);
}

/** A non-empty list of month days 1..31 or -1..-31 (from the month's end), sorted, without repeats. */
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

/** Every month has days 1..28, and 29..31 recur within two months, so this never runs out. */
const MONTH_HORIZON = 24;

class WeekdayRule implements WallRule {
  constructor(private readonly mask: number, private readonly timeMs: number) {}

  first(wall: number): number {
    let day = Math.floor(wall / MS_PER_DAY);
    if (wall - day * MS_PER_DAY > this.timeMs) day++;
    for (let i = 0; i < 7; i++, day++) {
      if (this.mask & (1 << isoWeekdayOfDays(day))) return day * MS_PER_DAY + this.timeMs;
    }
    return Infinity;
  }
}

class MonthdayRule implements WallRule {
  constructor(private readonly monthdays: readonly number[], private readonly timeMs: number) {}

  first(wall: number): number {
    let day = Math.floor(wall / MS_PER_DAY);
    if (wall - day * MS_PER_DAY > this.timeMs) day++;
    let { year, month, day: from } = civilFromDays(day);
    for (let i = 0; i < MONTH_HORIZON; i++) {
      const dim = daysInMonth(year, month);
      let found = 32;
      for (const md of this.monthdays) {
        const d = md > 0 ? md : dim + 1 + md;
        if (d >= from && d <= dim && d >= 1 && d < found) found = d;
      }
      if (found <= dim) return daysFromCivil(year, month, found) * MS_PER_DAY + this.timeMs;
      from = 1;
      if (++month > 12) {
        month = 1;
        year++;
      }
    }
    return Infinity;
  }
}

function timeMs(time: TimeTriple): number {
  return ((time[0] * 60 + time[1]) * 60 + time[2]) * 1000;
}

/** Next instant > `afterMs` at local `time` on one of `weekdays` (1 = Monday .. 7 = Sunday). */
export function nextWeekdayOccurrence(weekdays: readonly number[], time: TimeTriple, afterMs: number, zone: Zone): number {
  let mask = 0;
  for (const d of weekdays) if (d >= 1 && d <= 7) mask |= 1 << d;
  const next = mask === 0 ? null : nextWallMatch(new WeekdayRule(mask, timeMs(time)), afterMs, zone, true);
  if (next === null) throw outOfRange('weekdays', 'weekdays 1..7 (1 = Monday)', weekdays);
  return next;
}

/**
 * Next instant > `afterMs` at local `time` on one of `monthdays`: 1..31, or -1..-31 counting
 * from the month's end (-1 = last day). Months without the day are skipped.
 */
export function nextMonthdayOccurrence(monthdays: readonly number[], time: TimeTriple, afterMs: number, zone: Zone): number {
  const valid = monthdays.filter((d) => Number.isInteger(d) && d !== 0 && d >= -31 && d <= 31);
  const next = valid.length === 0 ? null : nextWallMatch(new MonthdayRule(valid, timeMs(time)), afterMs, zone, true);
  if (next === null) throw outOfRange('monthdays', 'month days 1..31 or -1..-31', monthdays);
  return next;
}
