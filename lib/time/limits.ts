/**
 * Limits (akjob's "when a job may not run"): a date range, a daily window and allowed
 * weekdays, month days and months, all read on the local wall clock of the instant itself.
 * A window crossing midnight (`from > to`) allows [from, 24:00) and [00:00, to) of every
 * allowed day, each part judged by its own date. `nextAllowed` jumps to the next allowed
 * month, day or window start; it never walks minutes.
 */
import { invalidType, outOfRange } from '../errors.js';
import { MS_PER_DAY, civilFromDays, daysFromCivil, daysInMonth, isoWeekdayOfDays } from './calendar.js';
import { CRON_HORIZON_YEARS } from './cron.js';
import { isPlainObject, parseTimeOfDay } from './duration.js';
import { normalizeMonthdays, normalizeWeekdays } from './day-rules.js';
import { toInstant } from './instant.js';
import { nextWallMatch, type WallRule } from './next-match.js';
import type { Zone } from './zoned.js';

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
}

class WallLimits implements WallRule {
  readonly any: boolean;
  private readonly months: number;
  private readonly weekdays: number;
  private readonly monthdays: readonly number[] | undefined;
  private readonly from: number;
  private readonly to: number;

  constructor(limits: Limits) {
    this.months = mask(limits.activeMonths, 0x1ffe);
    this.weekdays = mask(limits.activeWeekdays, 0xfe);
    this.monthdays = limits.activeMonthdays;
    this.from = (limits.activeWindow?.from ?? 0) * 1000;
    this.to = (limits.activeWindow?.to ?? 86_400) * 1000;
    this.any = limits.activeMonths !== undefined || limits.activeWeekdays !== undefined
      || limits.activeMonthdays !== undefined || limits.activeWindow !== undefined;
  }

  private dateAllowed(year: number, month: number, day: number, days: number): boolean {
    if (!(this.months & (1 << month)) || !(this.weekdays & (1 << isoWeekdayOfDays(days)))) return false;
    if (this.monthdays === undefined) return true;
    const dim = daysInMonth(year, month);
    for (const md of this.monthdays) if ((md > 0 ? md : dim + 1 + md) === day) return true;
    return false;
  }

  /** The first allowed moment of the window at or after `ms` into the day, or -1. */
  private inWindow(ms: number): number {
    const { from, to } = this;
    if (from < to) return ms < from ? from : ms < to ? ms : -1;
    return ms < to || ms >= from ? ms : from;
  }

  allows(wall: number): boolean {
    const days = Math.floor(wall / MS_PER_DAY);
    const { year, month, day } = civilFromDays(days);
    return this.dateAllowed(year, month, day, days) && this.inWindow(wall - days * MS_PER_DAY) === wall - days * MS_PER_DAY;
  }

  first(wall: number): number {
    let days = Math.floor(wall / MS_PER_DAY);
    let ms = wall - days * MS_PER_DAY;
    let { year, month, day } = civilFromDays(days);
    const lastYear = year + CRON_HORIZON_YEARS;
    while (year <= lastYear) {
      if (!(this.months & (1 << month))) {
        if (++month > 12) {
          month = 1;
          year++;
        }
        day = 1;
        ms = 0;
        days = daysFromCivil(year, month, 1);
        continue;
      }
      const dim = daysInMonth(year, month);
      for (; day <= dim; day++, days++, ms = 0) {
        if (!this.dateAllowed(year, month, day, days)) continue;
        const at = this.inWindow(ms);
        if (at >= 0) return days * MS_PER_DAY + at;
      }
      if (++month > 12) {
        month = 1;
        year++;
      }
      day = 1;
    }
    return Infinity;
  }
}

function mask(values: readonly number[] | undefined, all: number): number {
  if (values === undefined) return all;
  let m = 0;
  for (const v of values) m |= 1 << v;
  return m;
}

const compiled = new WeakMap<Limits, WallLimits>();

function compile(limits: Limits): WallLimits {
  let rule = compiled.get(limits);
  if (!rule) {
    rule = new WallLimits(limits);
    compiled.set(limits, rule);
  }
  return rule;
}

/** Whether `t` (epoch ms) satisfies every limit, on `zone`'s wall clock. */
export function isAllowed(limits: Limits, t: number, zone: Zone): boolean {
  if (limits.startDate !== undefined && t < limits.startDate) return false;
  if (limits.endDate !== undefined && t > limits.endDate) return false;
  const rule = compile(limits);
  return !rule.any || rule.allows(zone.wallAt(t));
}

/** The earliest allowed instant ≥ `t`, or null when none comes (past `endDate`, or impossible limits). */
export function nextAllowed(limits: Limits, t: number, zone: Zone): number | null {
  const from = Math.ceil(limits.startDate !== undefined ? Math.max(t, limits.startDate) : t);
  const rule = compile(limits);
  const next = rule.any ? nextWallMatch(rule, from - 1, zone, false) : from;
  return next === null || (limits.endDate !== undefined && next > limits.endDate) ? null : next;
}

/**
 * The first occurrence of `rule` after `afterMs` that the limits allow: jump to the next
 * allowed instant and ask the rule again from just before it. Returns null when the rule
 * ends, the limits end, or `maxIterations` jumps find nothing (a rule and limits that never
 * meet, such as Mondays only with `activeWeekdays: [2]`). `resume` gives the candidate after
 * a jump to the allowed instant `allowed`; by default the rule's first occurrence from there.
 */
export function nextUnderLimits(
  rule: (after: number) => number | null,
  afterMs: number,
  limits: Limits,
  zone: Zone,
  maxIterations = 1000,
  resume: (allowed: number) => number | null = (allowed) => rule(allowed - 1),
): number | null {
  let candidate = rule(afterMs);
  for (let i = 0; candidate !== null && !isAllowed(limits, candidate, zone); i++) {
    if (i >= maxIterations) return null;
    const allowed = nextAllowed(limits, candidate, zone);
    if (allowed === null) return null;
    candidate = resume(allowed);
  }
  return candidate;
}

const LIMIT_KEYS = new Set(['startDate', 'endDate', 'activeWindow', 'activeWeekdays', 'activeMonthdays', 'activeMonths']);

/**
 * Validates user limits: dates as epoch ms or `Date` within the Date range; the window as
 * `{ from, to }` with seconds of the day or `'HH:MM[:SS]'` / `[h, m, s?]`; weekdays as 1..7 or
 * names (the one weekday parser); other day lists as integers in range.
 */
export function normalizeLimits(options: unknown, option = 'limits'): Limits {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) throw invalidType(option, 'an object of limits', options);
  const input = options as Record<string, unknown>;
  const limits: Limits = {};
  for (const key of Object.keys(input)) {
    if (!LIMIT_KEYS.has(key)) throw invalidType(`${option}.${key}`, `absent: the keys are ${[...LIMIT_KEYS].join(', ')}`, input[key]);
  }
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
