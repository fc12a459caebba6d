/**
 * Durations and times of day, as the options accept them. Durations are elapsed time:
 * integer milliseconds, or parts summed (`{ days: 1 }` is 24 h, not "daily at").
 */
import { invalidType, outOfRange } from '../errors.js';

const UNIT_MS = {
  weeks: 604_800_000,
  days: 86_400_000,
  hours: 3_600_000,
  minutes: 60_000,
  seconds: 1000,
  milliseconds: 1,
} as const;

type Unit = keyof typeof UNIT_MS;

const EXPECTED = 'a duration: integer milliseconds ≥ 0 or { weeks, days, hours, minutes, seconds, milliseconds }';

/** Milliseconds from a number or a parts object; throws naming `option` on bad input. */
export function toMillis(value: unknown, option: string): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || !Number.isInteger(value)) throw invalidType(option, EXPECTED, value);
    if (value < 0) throw outOfRange(option, EXPECTED, value);
    return value;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidType(option, EXPECTED, value);
  let total = 0;
  for (const [key, amount] of Object.entries(value)) {
    if (!(key in UNIT_MS)) throw invalidType(`${option}.${key}`, `one of ${Object.keys(UNIT_MS).join(', ')}`, key);
    if (typeof amount !== 'number' || !Number.isFinite(amount)) throw invalidType(`${option}.${key}`, 'a finite number', amount);
    if (amount < 0) throw outOfRange(`${option}.${key}`, 'a number ≥ 0', amount);
    total += amount * UNIT_MS[key as Unit];
  }
  const ms = Math.round(total);
  if (!Number.isSafeInteger(ms)) throw outOfRange(option, EXPECTED, value);
  return ms;
}

const TIME_EXPECTED = "[hour, minute], [hour, minute, second] or 'HH:MM[:SS]' with hour 0–23";

/** `[h, m, s]` from a tuple or `'HH:MM[:SS]'`; `[24, 0]` and friends are RangeErrors. */
export function parseTimeOfDay(value: unknown, option = 'timeOnDay'): [number, number, number] {
  let parts: unknown[];
  if (typeof value === 'string') {
    const match = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
    if (!match) throw invalidType(option, TIME_EXPECTED, value);
    parts = [Number(match[1]), Number(match[2]), match[3] === undefined ? 0 : Number(match[3])];
  } else if (Array.isArray(value) && (value.length === 2 || value.length === 3)) {
    parts = [value[0], value[1], value[2] ?? 0];
  } else {
    throw invalidType(option, TIME_EXPECTED, value);
  }
  const [hour, minute, second] = parts;
  for (const part of parts) {
    if (typeof part !== 'number' || !Number.isInteger(part)) throw invalidType(option, TIME_EXPECTED, value);
  }
  const h = hour as number;
  const m = minute as number;
  const s = second as number;
  if (h < 0 || h > 23 || m < 0 || m > 59 || s < 0 || s > 59) throw outOfRange(option, TIME_EXPECTED, value);
  return [h, m, s];
}
