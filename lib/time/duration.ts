/**
 * Option values for elapsed time and local time of day. A number is integer milliseconds
 * (Node's convention); an object `{ weeks, days, hours, minutes, seconds, milliseconds }` is
 * summed as elapsed time, so `{ days: 1 }` is 24 h, not "daily at".
 */
import { invalidType, outOfRange } from '../errors.js';

/** An elapsed time as an object; every key is optional and the values add up. */
export interface DurationObject {
  weeks?: number;
  days?: number;
  hours?: number;
  minutes?: number;
  seconds?: number;
  milliseconds?: number;
}

const UNIT_MS: Readonly<Record<keyof DurationObject, number>> = {
  weeks: 604_800_000,
  days: 86_400_000,
  hours: 3_600_000,
  minutes: 60_000,
  seconds: 1000,
  milliseconds: 1,
};

const DURATION = 'a non-negative integer (ms) or an object like { minutes: 5 } with keys weeks, days, hours, minutes, seconds, milliseconds';

/** Milliseconds of a duration option; the sum of an object is rounded to whole ms. */
export function toMillis(value: number | DurationObject, option: string): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || !Number.isInteger(value)) throw invalidType(option, 'a non-negative integer (ms)', value);
    if (value < 0) throw outOfRange(option, 'a non-negative integer (ms)', value);
    return value;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalidType(option, DURATION, value);
  let total = 0;
  for (const [key, amount] of Object.entries(value)) {
    const unit = UNIT_MS[key as keyof DurationObject];
    if (unit === undefined || !Object.hasOwn(UNIT_MS, key)) {
      throw invalidType(`${option}.${key}`, 'absent: the keys are weeks, days, hours, minutes, seconds, milliseconds', amount);
    }
    if (amount === undefined) continue;
    if (typeof amount !== 'number' || !Number.isFinite(amount)) throw invalidType(`${option}.${key}`, 'a finite number', amount);
    if (amount < 0) throw outOfRange(`${option}.${key}`, 'a non-negative number', amount);
    total += amount * unit;
  }
  if (!Number.isSafeInteger(Math.round(total))) throw outOfRange(option, 'a duration within Number.MAX_SAFE_INTEGER ms', value);
  return Math.round(total);
}

const TIME_TEXT = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/;
const TIME_EXPECTED = "[hour, minute], [hour, minute, second] or 'HH:MM[:SS]'";

/** `[hour, minute, second]` of a `timeOnDay` option: hour 0..23, minute and second 0..59. */
export function parseTimeOfDay(value: unknown, option = 'timeOnDay'): [number, number, number] {
  let parts: unknown[];
  if (typeof value === 'string') {
    const match = TIME_TEXT.exec(value);
    if (!match) throw invalidType(option, TIME_EXPECTED, value);
    parts = [Number(match[1]), Number(match[2]), match[3] === undefined ? 0 : Number(match[3])];
  } else if (Array.isArray(value) && (value.length === 2 || value.length === 3)) {
    parts = value.length === 2 ? [value[0], value[1], 0] : [...value];
  } else {
    throw invalidType(option, TIME_EXPECTED, value);
  }
  const [hour, minute, second] = parts;
  if (!Number.isInteger(hour) || !Number.isInteger(minute) || !Number.isInteger(second)) throw invalidType(option, `${TIME_EXPECTED} of integers`, value);
  const h = hour as number;
  const m = minute as number;
  const s = second as number;
  if (h < 0 || h > 23 || m < 0 || m > 59 || s < 0 || s > 59) {
    throw outOfRange(option, 'a time of day from 00:00:00 to 23:59:59 (hour 0–23, minute and second 0–59)', value);
  }
  return [h, m, s];
}
