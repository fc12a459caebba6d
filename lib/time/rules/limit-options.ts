/**
 * Limit options as users write them (`LimitOptions`, accepted by every task) and their one
 * normalisation into `Limits` (plain data: it could be a row). `LIMIT_KEYS` is the one list
 * of their keys. The rule wrapper that applies them is limits.ts.
 */
import { invalidType, outOfRange } from '../../errors.js';
import { normalizeMonthdays, normalizeWeekdays } from '../day-lists.js';
import { isPlainObject, parseTimeOfDay } from '../duration.js';
import { toInstant } from '../../internal/instant.js';

/** Options every task accepts to limit when it may run. */
export interface LimitOptions {
  /** Nothing runs before this instant. */
  startDate?: Date | number;
  /** Nothing runs after this instant; the task finishes then. */
  endDate?: Date | number;
  /** Time-of-day window `{ from, to }` (`'HH:MM[:SS]'`, `[h, m, s?]` or seconds of the day); `from > to` crosses midnight. */
  activeWindow?: { from: string | number | readonly number[]; to: string | number | readonly number[] };
  /** Allowed weekdays, 1..7 with 1 = Monday, or names `'mon'..'sun'` / `'monday'..'sunday'`. */
  activeWeekdays?: ReadonlyArray<number | string>;
  /** Allowed month days, 1..31 or -1..-31 from the month's end. */
  activeMonthdays?: readonly number[];
  /** Allowed months, 1..12. */
  activeMonths?: readonly number[];
  /** Extra instants to run at, besides the task's own rule (limits apply to them too). */
  dates?: ReadonlyArray<Date | number>;
  /** Zone of the limits (and of day/cron rules). @default the process zone */
  timeZone?: string;
}

/** Normalised limits (see `normalizeLimits`): plain data, every field optional. */
export interface Limits {
  /** Earliest allowed instant (epoch ms, inclusive). */
  startDate?: number;
  /** Latest allowed instant (epoch ms, inclusive); nothing runs after it. */
  endDate?: number;
  /** Seconds of the local day, `[from, to)`; crosses midnight when `from > to`. */
  activeWindow?: { from: number; to: number };
  /** 1 = Monday .. 7 = Sunday. */
  activeWeekdays?: readonly number[];
  /** 1..31, or -1..-31 counting from the month's end. */
  activeMonthdays?: readonly number[];
  /** 1..12. */
  activeMonths?: readonly number[];
  /** Extra instants to run at besides the rule's own (the other limits apply to them too); sorted, no repeats. */
  dates?: readonly number[];
}

/** The keys of {@link LimitOptions}. */
export const LIMIT_KEYS = ['startDate', 'endDate', 'activeWindow', 'activeWeekdays', 'activeMonthdays', 'activeMonths', 'dates', 'timeZone'] as const;

/**
 * Validates limit options: dates as epoch ms or `Date` within the Date range; the window as
 * `{ from, to }` with seconds of the day or `'HH:MM[:SS]'` / `[h, m, s?]`; weekdays as 1..7 or
 * names (the one weekday parser); other day lists as integers in range; `dates` sorted without
 * repeats. `timeZone` is accepted but not read here: the zone is resolved by the task, which
 * shares it with its rule.
 */
export function normalizeLimits(options: unknown, option = 'limits'): Limits {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) throw invalidType(option, 'an object of limits', options);
  const input = options as Record<string, unknown>;
  const limits: Limits = {};
  for (const key of Object.keys(input)) {
    if (!(LIMIT_KEYS as readonly string[]).includes(key)) throw invalidType(`${option}.${key}`, `absent: the keys are ${LIMIT_KEYS.join(', ')}`, input[key]);
  }
  if (input.dates !== undefined) limits.dates = normalizeDates(input.dates);
  const startDate = input.startDate === undefined ? undefined : toInstant(input.startDate, 'startDate');
  const endDate = input.endDate === undefined ? undefined : toInstant(input.endDate, 'endDate');
  if (startDate !== undefined) limits.startDate = startDate;
  if (endDate !== undefined) limits.endDate = endDate;
  if (startDate !== undefined && endDate !== undefined && endDate < startDate) throw outOfRange('endDate', 'at or after `startDate`', input.endDate);
  if (input.activeWindow !== undefined) limits.activeWindow = normalizeWindow(input.activeWindow);
  const weekdays = input.activeWeekdays === undefined ? undefined : normalizeWeekdays(input.activeWeekdays, 'activeWeekdays');
  const monthdays = input.activeMonthdays === undefined ? undefined : normalizeMonthdays(input.activeMonthdays, 'activeMonthdays');
  const months = intList(input.activeMonths, 'activeMonths', 1, 12, 'months 1..12');
  if (weekdays) limits.activeWeekdays = weekdays;
  if (monthdays) limits.activeMonthdays = monthdays;
  if (months) limits.activeMonths = months;
  return limits;
}

function normalizeDates(value: unknown): number[] {
  if (!Array.isArray(value)) throw invalidType('dates', 'an array of Dates or epoch milliseconds', value);
  const out = value.map((d: unknown) => toInstant(d, 'dates'));
  return [...new Set(out)].sort((a, b) => a - b);
}

const WINDOW_KEYS: readonly string[] = ['from', 'to'];

/**
 * `{ from, to }` as seconds of the day. `from` is a moment within the day (24:00 opens
 * nothing), `to` may be 24:00; equal ends would allow nothing (or everything), so omit the
 * window instead.
 */
function normalizeWindow(value: unknown): { from: number; to: number } {
  if (!isPlainObject(value)) throw invalidType('activeWindow', '{ from, to } with times of day', value);
  for (const key of Object.keys(value)) {
    if (!WINDOW_KEYS.includes(key)) throw invalidType(`activeWindow.${key}`, 'absent: the keys are from, to', value[key]);
  }
  const from = secondsOfDay(value.from, 'activeWindow.from');
  if (from === 86_400) throw outOfRange('activeWindow.from', 'a time of day before 24:00 (seconds 0..86399)', value.from);
  const to = secondsOfDay(value.to, 'activeWindow.to');
  if (from === to) throw outOfRange('activeWindow', 'a window with `from` ≠ `to` (omit it to allow the whole day)', value);
  return { from, to };
}

function secondsOfDay(value: unknown, option: string): number {
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 0 || value > 86_400) throw outOfRange(option, 'seconds of the day 0..86400', value);
    return value;
  }
  const [h, m, s] = parseTimeOfDay(value, option);
  return (h * 60 + m) * 60 + s;
}

function intList(value: unknown, option: string, min: number, max: number, expected: string): number[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0) throw invalidType(option, `a non-empty array of ${expected}`, value);
  for (const v of value) {
    if (typeof v !== 'number' || !Number.isInteger(v)) throw invalidType(option, expected, v);
    if (v < min || v > max || v === 0) throw outOfRange(option, expected, v);
  }
  return [...new Set(value as number[])].sort((a, b) => a - b);
}
