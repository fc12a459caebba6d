/**
 * A local time of day on chosen days of the month, 1..31 or -1..-31 counting from the
 * month's end (-1 = the last day), in a zone. Months without the day (31 April, -31 in a
 * 30-day month) are skipped; DST as for weekday rules (gap shifted forward, fold once).
 */
import { outOfRange } from '../../errors.js';
import { MS_PER_DAY, civilFromDays, daysFromCivil, daysInMonth } from '../calendar.js';
import type { Zone } from '../zone.js';
import { DayTimeRule, msOfDay, type TimeTriple } from './day-time.js';
import { SharedRules } from './shared.js';

/** Keyed by time of day and the day list: `"<ms of day> <days>"`. */
const shared = new SharedRules<string, MonthdayRule>(16_384);

/** Every month has days 1..28, and 29..31 recur within two months, so this never runs out. */
const MONTH_HORIZON = 24;

export class MonthdayRule extends DayTimeRule {
  /** 1..31 or -1..-31. */
  readonly monthdays: readonly number[];

  /** `monthdays` as normalised by `normalizeMonthdays`; none in range is a RangeError. */
  constructor(monthdays: readonly number[], timeOnDay: TimeTriple, zone: Zone) {
    super(timeOnDay, zone);
    const valid = monthdays.filter((d) => Number.isInteger(d) && d !== 0 && d >= -31 && d <= 31);
    if (valid.length === 0) throw outOfRange('monthdays', 'month days 1..31 or -1..-31', monthdays);
    // Normalised lists are all valid: keep the caller's array rather than a copy per task.
    this.monthdays = valid.length === monthdays.length ? monthdays : valid;
  }

  /** The rule for this definition (`monthdays` normalised: sorted, no repeats), shared with every task that has the same one. */
  static of(monthdays: readonly number[], timeOnDay: TimeTriple, zone: Zone): MonthdayRule {
    const key = `${msOfDay(timeOnDay)} ${monthdays.join(',')}`;
    // Frozen: every task with this definition reads the same list through `task.monthdays`.
    return shared.get(zone, key) ?? shared.keep(zone, key, new MonthdayRule(Object.freeze(monthdays.slice()), timeOnDay, zone));
  }

  first(wall: number): number {
    let { year, month, day: from } = civilFromDays(this.firstDay(wall));
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
