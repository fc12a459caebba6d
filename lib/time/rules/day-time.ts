/** The local time of day shared by the weekday and monthday rules, and their common base. */
import { MS_PER_DAY } from '../calendar.js';
import { nextWallMatch, type WallPattern } from '../dst.js';
import type { Zone } from '../zone.js';
import { WallRule } from './wall-rule.js';

/** `[hour, minute, second]`, as returned by `parseTimeOfDay`. */
export type TimeTriple = readonly [number, number, number];

/** Milliseconds into the local day of a time of day. */
export function msOfDay(time: TimeTriple): number {
  return ((time[0] * 60 + time[1]) * 60 + time[2]) * 1000;
}

/** The time of day of {@link msOfDay}'s result. */
export function timeOfMs(ms: number): TimeTriple {
  const seconds = ms / 1000;
  return [Math.floor(seconds / 3600), Math.floor(seconds / 60) % 60, seconds % 60];
}

/**
 * A fixed local time of day on the days a subclass picks (`first`), in a zone: the next run is
 * the next such local date and time strictly after `after` (gap shifted forward, fold once:
 * see dst.ts).
 */
export abstract class DayTimeRule extends WallRule implements WallPattern {
  protected readonly timeMs: number;

  constructor(timeOnDay: TimeTriple, zone: Zone) {
    super(zone);
    this.timeMs = msOfDay(timeOnDay);
  }

  get timeOnDay(): TimeTriple {
    return timeOfMs(this.timeMs);
  }

  search(after: number): number | null {
    return nextWallMatch(this, after, this.zone, true);
  }

  /** The first wall time ≥ `wall` on an allowed day, at the rule's time. */
  abstract first(wall: number): number;

  /** The day number of `wall`, or the next day when the time of day has passed on it. */
  protected firstDay(wall: number): number {
    const day = Math.floor(wall / MS_PER_DAY);
    return wall - day * MS_PER_DAY > this.timeMs ? day + 1 : day;
  }
}
