/** The local time of day shared by the weekday and monthday rules. */

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
