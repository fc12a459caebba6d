/**
 * A local time of day on chosen weekdays (1 = Monday .. 7 = Sunday), in a zone.
 *
 * Calendar policy (shared with monthday and fixed-time cron, see dst.ts): the next run is the
 * next matching local date and time strictly after `after`, never "after + 1 day". A time in
 * a DST gap runs shifted forward by the gap; a time in a fold runs once, at the earlier
 * instant; occurrences landing on the same instant merge.
 */
import { outOfRange } from '../../errors.js';
import { MS_PER_DAY, isoWeekdayOfDays } from '../calendar.js';
import { weekdaysOfMask } from '../day-lists.js';
import type { Zone } from '../zone.js';
import { DayTimeRule, msOfDay, type TimeTriple } from './day-time.js';
import { SharedRules } from './shared.js';

/**
 * Keyed by mask and time of day in one number, mask · 86 400 + second of day: below 2^25, a
 * small integer, which a Map hashes without boxing (times of day are whole seconds).
 */
const shared = new SharedRules<number, WeekdayRule>(65_536);

function maskOf(weekdays: readonly number[]): number {
  let mask = 0;
  for (const d of weekdays) if (Number.isInteger(d) && d >= 1 && d <= 7) mask |= 1 << d;
  if (mask === 0) throw outOfRange('weekdays', 'weekdays 1..7 (1 = Monday)', weekdays);
  return mask;
}

// A few number fields and no arrays, shared by every task with the same definition.
export class WeekdayRule extends DayTimeRule {
  /** Bit d set for each allowed ISO weekday d. */
  private readonly mask: number;

  /** `weekdays` as normalised by `normalizeWeekdays` (1..7); none in range is a RangeError. */
  constructor(weekdays: readonly number[], timeOnDay: TimeTriple, zone: Zone) {
    super(timeOnDay, zone);
    this.mask = maskOf(weekdays);
  }

  /**
   * The rule for this definition, shared with every task that has the same one. `mask` as
   * `weekdayMask` gives it (bit d for weekday d, at least one of 1..7).
   */
  static of(mask: number, timeOnDay: TimeTriple, zone: Zone): WeekdayRule {
    const key = mask * 86_400 + msOfDay(timeOnDay) / 1000;
    return shared.get(zone, key) ?? shared.keep(zone, key, new WeekdayRule(weekdaysOfMask(mask), timeOnDay, zone));
  }

  /** The weekdays, 1..7 ascending. */
  get weekdays(): number[] {
    return weekdaysOfMask(this.mask);
  }

  first(wall: number): number {
    let day = this.firstDay(wall);
    for (let i = 0; i < 7; i++, day++) {
      if (this.mask & (1 << isoWeekdayOfDays(day))) return day * MS_PER_DAY + this.timeMs;
    }
    return Infinity;
  }
}
