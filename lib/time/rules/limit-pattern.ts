/**
 * The wall-clock part of limits (a daily window and allowed weekdays, month days and months)
 * as a wall pattern (dst.ts), read on the local wall clock of the instant itself. A window
 * crossing midnight (`from > to`) allows [from, 24:00) and [00:00, to) of every allowed day,
 * each part judged by its own date. `first` jumps to the next allowed month, day or window
 * start; it never walks minutes.
 */
import { MS_PER_DAY, civilFromDays, daysFromCivil, daysInMonth, isoWeekdayOfDays } from '../calendar.js';
import type { WallPattern } from '../dst.js';
import { CRON_HORIZON_YEARS } from './cron-pattern.js';
import type { Limits } from './limit-options.js';

export class LimitPattern implements WallPattern {
  /** False when no wall-clock limit is set (every wall time is allowed). */
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
