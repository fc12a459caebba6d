/**
 * A compiled cron expression as a wall pattern (dst.ts): `first(wall)` jumps field by field
 * (month → day → hour → minute → second), never minute by minute. The rule in a zone is
 * cron.ts.
 *
 * Calendar policy: day of month and day of week combine as in Vixie cron (crontab(5)): when
 * both are restricted (neither starts with `*` or `?`) a day matches if either does, otherwise
 * both must; a `+` before day of week (croner) makes both required. A year field limits the
 * search to its years, jumping straight to the next one. DST: fixed-time rules (no `*`, `?` or step in the minute and hour fields) follow
 * the weekday/monthday policy (gap → shifted forward, fold → the earlier instant only); every
 * other rule follows the clock, firing at each real instant whose wall time matches, so a
 * fold's repeated hour fires twice and times in a gap never occur. See docs/time-semantics.md.
 */
import { MS_PER_DAY, daysFromCivil, daysInMonth, civilFromDays } from '../calendar.js';
import type { WallPattern } from '../dst.js';
import { parseCronFields, type CronFields } from './cron-parse.js';

/**
 * A search that finds nothing within this many allowed years gives up (`0 0 31 2 *` never
 * matches); with a year field, years it excludes are jumped over and do not count.
 */
export const CRON_HORIZON_YEARS = 100;

/** For each value v, the first allowed value ≥ v, or -1. */
function nextTable(flags: readonly boolean[], size: number): Int8Array {
  const table = new Int8Array(size + 1).fill(-1);
  for (let v = size - 1; v >= 0; v--) table[v] = flags[v] ? v : (table[v + 1] as number);
  return table;
}

/** A compiled cron expression (immutable: tasks with the same expression share one). */
export class CronPattern implements WallPattern {
  /** The expression as given. */
  readonly expression: string;
  /** True when the rule follows the fixed-time DST policy rather than the clock. */
  readonly fixedTime: boolean;
  /** True for a six-field expression (leading seconds). */
  readonly hasSeconds: boolean;
  private readonly nextSecond: Int8Array;
  private readonly nextMinute: Int8Array;
  private readonly nextHour: Int8Array;
  private readonly nextMonth: Int8Array;
  private readonly dayMask: number;
  private readonly weekdayMask: number;
  private readonly fields: CronFields;
  private readonly plainDays: boolean;
  private readonly plainWeekdays: boolean;
  private readonly either: boolean;
  /** Allowed years ascending, or null for every year. */
  private readonly years: readonly number[] | null;

  constructor(expression: string) {
    const f = parseCronFields(expression);
    this.expression = expression;
    this.fields = f;
    this.fixedTime = f.fixedTime;
    this.hasSeconds = f.hasSeconds;
    this.nextSecond = nextTable(f.seconds, 60);
    this.nextMinute = nextTable(f.minutes, 60);
    this.nextHour = nextTable(f.hours, 24);
    this.nextMonth = nextTable(f.months, 13);
    let dayMask = 0;
    for (let d = 1; d <= 31; d++) if (f.days[d]) dayMask |= 1 << d;
    let weekdayMask = 0;
    for (let d = 0; d < 7; d++) if (f.weekdays[d]) weekdayMask |= 1 << d;
    this.dayMask = dayMask;
    this.weekdayMask = weekdayMask;
    this.plainDays = f.lastDayOffsets.length === 0 && f.nearestWeekdays.length === 0;
    this.plainWeekdays = f.lastWeekdays.length === 0 && f.nthWeekdays.length === 0;
    this.either = f.dayCombine === 'either';
    this.years = f.years;
  }

  /** Index in `years` of the first allowed year ≥ `year` (`years.length` when none). */
  private yearIndex(year: number): number {
    const years = this.years as readonly number[];
    let lo = 0;
    let hi = years.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((years[mid] as number) < year) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Whether a local date matches the day fields; `weekday` 0 = Sunday. */
  private dayMatches(day: number, dim: number, weekday: number): boolean {
    const f = this.fields;
    let dom = (this.dayMask & (1 << day)) !== 0;
    if (!dom && !this.plainDays) dom = this.specialDay(day, dim, weekday);
    let dow = (this.weekdayMask & (1 << weekday)) !== 0;
    if (!dow && !this.plainWeekdays) {
      dow = f.lastWeekdays.includes(weekday) && day + 7 > dim;
      for (const [wd, nth] of f.nthWeekdays) if (wd === weekday && Math.ceil(day / 7) === nth) dow = true;
    }
    // Vixie cron: OR only when both fields are restricted; `*/2` counts as unrestricted.
    return this.either ? dom || dow : dom && dow;
  }

  private specialDay(day: number, dim: number, weekday: number): boolean {
    const f = this.fields;
    for (const offset of f.lastDayOffsets) if (day === dim - offset) return true;
    if (weekday === 0 || weekday === 6) return false;
    for (const n of f.nearestWeekdays) {
      const target = n === 0 ? dim : n;
      if (target > dim) continue;
      // The weekday nearest `target` without leaving the month (Quartz `W`).
      const w = (weekday + target - day + 7 * 6) % 7;
      let nearest = target;
      if (w === 6) nearest = target === 1 ? 3 : target - 1;
      else if (w === 0) nearest = target === dim ? target - 2 : target + 1;
      if (nearest === day) return true;
    }
    return false;
  }

  /** The first matching wall value ≥ `wall` (whole seconds), or `Infinity`. */
  first(wall: number): number {
    let days = Math.floor(wall / MS_PER_DAY);
    let sod = Math.ceil((wall - days * MS_PER_DAY) / 1000);
    let { year, month, day } = civilFromDays(days);
    let hour = Math.floor(sod / 3600);
    sod -= hour * 3600;
    let minute = Math.floor(sod / 60);
    let second = sod - minute * 60;
    let lastYear = year + CRON_HORIZON_YEARS;
    const years = this.years;
    let checkedYear = Number.NaN;
    if (years !== null) {
      const i = this.yearIndex(year);
      if (i === years.length) return Infinity;
      lastYear = years[Math.min(i + CRON_HORIZON_YEARS, years.length - 1)] as number;
    }
    while (year <= lastYear) {
      if (years !== null && year !== checkedYear) {
        // Whenever the search enters a year, jump to the first allowed one from there.
        const next = years[this.yearIndex(year)];
        if (next === undefined) return Infinity;
        if (next !== year) {
          year = next;
          month = 1;
          day = 1;
          hour = minute = second = 0;
        }
        checkedYear = year;
      }
      const m = this.nextMonth[month] as number;
      if (m !== month) {
        if (m < 0) {
          year++;
          month = this.nextMonth[1] as number;
        } else month = m;
        day = 1;
        hour = minute = second = 0;
        continue;
      }
      const dim = daysInMonth(year, month);
      if (hour > 23) {
        day++;
        hour = minute = second = 0;
      }
      if (day > dim) {
        if (++month > 12) {
          month = 1;
          year++;
        }
        day = 1;
        hour = minute = second = 0;
        continue;
      }
      let weekday = (daysFromCivil(year, month, day) + 4) % 7;
      if (weekday < 0) weekday += 7;
      while (day <= dim && !this.dayMatches(day, dim, weekday)) {
        day++;
        weekday = weekday === 6 ? 0 : weekday + 1;
        hour = minute = second = 0;
      }
      if (day > dim) continue;
      const h = this.nextHour[hour] as number;
      if (h < 0) {
        hour = 24;
        continue;
      }
      if (h !== hour) {
        hour = h;
        minute = second = 0;
      }
      const mi = this.nextMinute[minute] as number;
      if (mi < 0) {
        hour++;
        minute = second = 0;
        continue;
      }
      if (mi !== minute) {
        minute = mi;
        second = 0;
      }
      const s = this.nextSecond[second] as number;
      if (s < 0) {
        minute++;
        second = 0;
        if (minute > 59) {
          hour++;
          minute = 0;
        }
        continue;
      }
      return daysFromCivil(year, month, day) * MS_PER_DAY + ((hour * 60 + minute) * 60 + s) * 1000;
    }
    return Infinity;
  }
}
