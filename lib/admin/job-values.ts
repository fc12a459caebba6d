/**
 * Values as job files write them, turned into what task options take: durations (`'5m'`,
 * integer ms, `{ minutes: 5 }`) into ms, date-times without an offset into instants in the
 * job's zone, and docassemble's cron fields into one expression. Each throws a TypeError or
 * RangeError whose message starts `Expected \`<key>\` to be ...` (the option errors' wording),
 * which the schema turns into a problem at the key's line.
 */
import { invalidType, outOfRange } from '../errors.js';
import { isPlainObject, toMillis } from '../time/duration.js';
import { parseCron } from '../time/rules/cron.js';
import { Zone } from '../time/zone.js';
import type { DurationObject } from '../types.js';

export const DURATION_EXPECTED = "a duration: a string like '90s', '5m', '1h30m', '250ms', '2d', '1w', integer milliseconds, or { minutes: 5 }";

const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const DURATION_TEXT = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d|w)\s*)+$/;
const DURATION_PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g;

/** Milliseconds of a duration value: a string of number+unit parts, integer ms, or a Duration object. */
export function durationMs(value: unknown, key: string): number {
  if (typeof value === 'string') {
    const text = value.trim();
    if (!DURATION_TEXT.test(text)) throw invalidType(key, DURATION_EXPECTED, value);
    let total = 0;
    for (const [, amount, unit] of text.matchAll(DURATION_PART)) total += Number(amount) * UNITS[unit!]!;
    return toMillis(Math.round(total), key);
  }
  if (typeof value === 'number' || isPlainObject(value)) {
    try {
      return toMillis(value as number | DurationObject, key);
    } catch (error) {
      if (error instanceof RangeError && !/`[^`]*\.[^`]*`/.test(error.message)) throw error;
      throw invalidType(key, DURATION_EXPECTED, value);
    }
  }
  throw invalidType(key, DURATION_EXPECTED, value);
}

export const INSTANT_EXPECTED = "a date-time like '2027-01-04 09:30' (read in the job's time zone), '2027-01-04T09:30:00+01:00', or epoch milliseconds";

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Epoch ms of an instant value. A date-time with `Z` or an offset is that instant; without,
 * it is a wall time in `zone`: a time a DST gap skips is moved forward by the gap, and one a
 * fold repeats is the earlier instant (as day and cron rules treat them).
 */
export function instantMs(value: unknown, key: string, zone: Zone): number {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw invalidType(key, INSTANT_EXPECTED, value);
    if (Math.abs(value) > 8.64e15) throw outOfRange(key, INSTANT_EXPECTED, value);
    return value;
  }
  const match = typeof value === 'string' ? DATE_TIME.exec(value.trim()) : null;
  if (!match) throw invalidType(key, INSTANT_EXPECTED, value);
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '0', offset] = match;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number];
  const ms = Number(frac.padEnd(3, '0'));
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  const back = new Date(wall);
  if (month < 1 || month > 12 || back.getUTCDate() !== day || back.getUTCMonth() !== month - 1 || hour > 23 || minute > 59 || second > 59) {
    throw outOfRange(key, `${INSTANT_EXPECTED}, a date that exists`, value);
  }
  if (offset !== undefined) return wall - offsetMs(offset);
  return wallToInstant(wall, zone);
}

function offsetMs(text: string): number {
  if (text.toUpperCase() === 'Z') return 0;
  const digits = text.replace(':', '');
  const sign = digits.startsWith('-') ? -1 : 1;
  return sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5))) * 60_000;
}

const DAY_MS = 86_400_000;

/** Temporal's 'compatible' disambiguation: earlier instant in a fold, shifted by the gap in a gap. */
export function wallToInstant(wall: number, zone: Zone): number {
  const before = wall - zone.offsetAt(wall - DAY_MS);
  const after = wall - zone.offsetAt(wall + DAY_MS);
  const valid = [before, after].filter((t) => zone.wallAt(t) === wall);
  if (valid.length > 0) return Math.min(...valid);
  // In a gap: the offset before the change puts the wall time past it by the gap's length.
  return before;
}

/** docassemble's cron fields, in the order of a 5-field expression. */
export const CRON_FIELDS = ['minute', 'hour', 'day', 'month', 'weekday'] as const;
export type CronField = (typeof CRON_FIELDS)[number];

const FIELD_PROBES: Readonly<Record<CronField, (v: string) => string>> = {
  minute: (v) => `${v} * * * *`,
  hour: (v) => `0 ${v} * * *`,
  day: (v) => `0 0 ${v} * *`,
  month: (v) => `0 0 * ${v} *`,
  weekday: (v) => `0 0 * * ${v}`,
};

const DAY_HINT =
  "a day of the month 1–31 or a cron field such as '*/5'. docassemble's `day: -5` (every 5th day) is ambiguous here, where -5 counts " +
  "from the month's end: write `day: '*/5'` for every 5th day, or `type: monthday` with `monthdays: [-5]` for the 5th day before the month's end";

/**
 * One docassemble cron field as cron text: an integer, or a string (`'*\/5'`, `'1-5'`, `'mon'`).
 * `-n` means `*\/n` (docassemble: every nth), except for `day`, where it is refused with a hint.
 */
export function cronFieldText(field: CronField, value: unknown): string {
  let text: string;
  if (typeof value === 'number' && Number.isInteger(value)) text = String(value);
  else if (typeof value === 'string' && value.trim() !== '') text = value.trim();
  else throw invalidType(field, `an integer or a cron field such as '*/5' (docassemble's ${field} field)`, value);
  if (/^-\d+$/.test(text)) {
    if (field === 'day') throw outOfRange(field, DAY_HINT, value);
    const every = Number(text.slice(1));
    text = every <= 1 ? '*' : `*/${every}`;
  }
  try {
    parseCron(FIELD_PROBES[field](text));
  } catch (error) {
    const detail = error instanceof Error ? error.message.replace(/ in "[^"]*"/, '') : String(error);
    throw outOfRange(field, `a valid ${field} field (${detail.replace(/^Expected /, '')})`, value);
  }
  return text;
}
