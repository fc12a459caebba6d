/**
 * Day lists in options, checked in one place: weekdays for every weekday option (`weekdays`,
 * `activeWeekdays`) and month days for every month-day option (`monthdays`, `activeMonthdays`).
 */
import { invalidType, outOfRange } from '../errors.js';

const WEEKDAY_NAMES = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const WEEKDAY = "weekdays 1..7 (1 = Monday), 'mon'..'sun' or 'monday'..'sunday'";

/**
 * One weekday, for every weekday option (`weekdays`, `activeWeekdays`): 1..7 with 1 = Monday
 * (Kronos), or an English name, three letters or in full, in any case. Nothing else: a
 * word that only starts like a day (`'monkey'`) is an error, not a Monday.
 */
function parseWeekday(day: unknown, option: string): number {
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

/**
 * A non-empty list of weekdays (see {@link parseWeekday}) as a bit set: bit d for weekday d.
 * No arrays: a million weekday tasks read their list through this and keep nothing of it.
 */
export function weekdayMask(value: unknown, option = 'weekdays'): number {
  if (!Array.isArray(value) || value.length === 0) throw invalidType(option, `a non-empty array of ${WEEKDAY}`, value);
  let mask = 0;
  for (const day of value as unknown[]) mask |= 1 << parseWeekday(day, option);
  return mask;
}

/** The weekdays 1..7 in `mask` (bit d for weekday d), ascending. */
export function weekdaysOfMask(mask: number): number[] {
  const days: number[] = [];
  for (let d = 1; d <= 7; d++) if (mask & (1 << d)) days.push(d);
  return days;
}

/** A non-empty list of weekdays (see {@link parseWeekday}) as 1..7, sorted, without repeats. */
export function normalizeWeekdays(value: unknown, option = 'weekdays'): number[] {
  return weekdaysOfMask(weekdayMask(value, option));
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
