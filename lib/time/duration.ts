/**
 * Option values for elapsed time and local time of day. A number is integer milliseconds
 * (Node's convention); an object `{ weeks, days, hours, minutes, seconds, milliseconds }` is
 * summed as elapsed time, so `{ days: 1 }` is 24 h, not "daily at".
 */
import { invalidType, outOfRange } from '../errors.js';
import type { DurationObject } from '../types.js';


const UNIT_MS: Readonly<Record<keyof DurationObject, number>> = {
  weeks: 604_800_000,
  days: 86_400_000,
  hours: 3_600_000,
  minutes: 60_000,
  seconds: 1000,
  milliseconds: 1,
};

/**
 * The longest duration: the reach of the Date range from the epoch (100,000,000 days). A
 * longer elapsed time can never end at a representable instant, so it is refused here
 * rather than turning into an Invalid Date later. Long timeouts (over 2^31 - 1 ms) are fine.
 */
const MAX_DURATION_MS = 8.64e15;

const MS = 'a non-negative integer (ms)';
const MS_IN_RANGE = `${MS} of at most ${MAX_DURATION_MS} (the Date range)`;
const DURATION = `${MS} or a plain object like { minutes: 5 } with keys weeks, days, hours, minutes, seconds, milliseconds`;

/** Milliseconds of a duration option; the sum of an object is rounded to whole ms. */
export function toMillis(value: number | DurationObject, option: string): number {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw invalidType(option, MS, value);
    if (value < 0) throw outOfRange(option, MS, value);
    if (value > MAX_DURATION_MS) throw outOfRange(option, MS_IN_RANGE, value);
    if (value < 1000 && value > 0 && KRONOS_SECONDS.has(option)) hintMilliseconds(option, value);
    return value;
  }
  if (!isPlainObject(value)) throw invalidType(option, DURATION, value);
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
  const ms = Math.round(total);
  if (!(ms <= MAX_DURATION_MS)) throw outOfRange(option, `a duration of at most ${MAX_DURATION_MS} ms (the Date range)`, value);
  return ms;
}

/** An object literal (or `Object.create(null)`): not a Date, Map, array or class instance. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Options Kronos counted in seconds, where a small bare number is likely a port mistake. */
const KRONOS_SECONDS: ReadonlySet<string> = new Set(['interval', 'initialDelay', 'delay']);
const hinted = new Set<string>();

/**
 * Kronos' `interval=10` meant 10 s; here it is 10 ms. Say so once per option per process,
 * through Node's warning channel (silenced by `--no-warnings`, observable on 'warning').
 */
function hintMilliseconds(option: string, value: number): void {
  if (hinted.has(option)) return;
  hinted.add(option);
  process.emitWarning(
    `\`${option}: ${value}\` is ${value} milliseconds: a bare number is milliseconds, where Kronos counted seconds. ` +
      `For ${value} seconds write \`{ seconds: ${value} }\` (or ${value * 1000}). This hint is shown once.`,
    { code: 'KRONOS_MS_HINT' },
  );
}

/** Not public API: lets tests see the one-time hints again. */
export function resetMsHints(): void {
  hinted.clear();
}

const TIME_TEXT = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/;
const TIME_EXPECTED = "[hour, minute], [hour, minute, second] or 'HH:MM[:SS]'";

/** `[hour, minute, second]` of a `timeOnDay` option: hour 0..23, minute and second 0..59. */
export function parseTimeOfDay(value: unknown, option = 'timeOnDay'): [number, number, number] {
  let hour: unknown, minute: unknown, second: unknown;
  if (typeof value === 'string') {
    const match = TIME_TEXT.exec(value);
    if (!match) throw invalidType(option, TIME_EXPECTED, value);
    hour = Number(match[1]);
    minute = Number(match[2]);
    second = match[3] === undefined ? 0 : Number(match[3]);
  } else if (Array.isArray(value) && (value.length === 2 || value.length === 3)) {
    hour = value[0];
    minute = value[1];
    second = value.length === 2 ? 0 : value[2];
  } else {
    throw invalidType(option, TIME_EXPECTED, value);
  }
  if (!Number.isInteger(hour) || !Number.isInteger(minute) || !Number.isInteger(second)) throw invalidType(option, `${TIME_EXPECTED} of integers`, value);
  const h = hour as number;
  const m = minute as number;
  const s = second as number;
  if (h < 0 || h > 23 || m < 0 || m > 59 || s < 0 || s > 59) {
    throw outOfRange(option, 'a time of day from 00:00:00 to 23:59:59 (hour 0–23, minute and second 0–59)', value);
  }
  return [h, m, s];
}
