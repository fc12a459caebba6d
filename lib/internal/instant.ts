/**
 * Instants given by users (`at`, `dates`, `startDate`, `scheduleTaskAbs`, ...): a Date or
 * epoch milliseconds within the range a Date can hold. One check, so an instant that would
 * later become an Invalid Date (and break a warning, a `nextRunAt` or a missed count far from
 * the call) is refused where it was given.
 */
import { invalidType, outOfRange } from '../errors.js';

/** The largest |epoch ms| a Date can hold (±100,000,000 days around 1970). */
export const MAX_INSTANT_MS = 8.64e15;

const EXPECTED = 'a valid Date or epoch milliseconds';
const IN_RANGE = `${EXPECTED} within ±${MAX_INSTANT_MS} (the Date range)`;

/** Epoch ms of a Date or number, or a TypeError/RangeError naming `option`. */
export function toInstant(value: unknown, option: string): number {
  const ms = value instanceof Date ? value.getTime() : value;
  if (typeof ms !== 'number' || !Number.isFinite(ms)) throw invalidType(option, EXPECTED, value);
  if (ms > MAX_INSTANT_MS || ms < -MAX_INSTANT_MS) throw outOfRange(option, IN_RANGE, value);
  return ms;
}
