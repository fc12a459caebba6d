/**
 * Seeded random cases for the oracle tests: zones, instants biased toward DST transitions,
 * and rules (weekday, monthday, cron, limits) with the oracle's own predicates for each.
 */
import { parseCronFields } from '../../lib/time/rules/cron-parse.js';
import { Zone } from '../../lib/time/zone.js';
import type { OracleRule } from './oracle.js';

export const ORACLE_ZONES = [
  'America/New_York', 'Europe/Berlin', 'Australia/Lord_Howe', 'Pacific/Chatham', 'Africa/Casablanca',
  'Pacific/Apia', 'Asia/Kolkata', 'UTC', 'America/Sao_Paulo', 'Asia/Tehran', 'America/St_Johns',
  'Europe/London', 'Australia/Adelaide', 'America/Santiago', 'Antarctica/Troll',
];

export type Random = () => number;

/** mulberry32: a tiny seeded PRNG, so a failing case can be replayed from its seed. */
export function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const int = (rnd: Random, lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
export const pick = <T>(rnd: Random, items: readonly T[]): T => items[Math.floor(rnd() * items.length)] as T;

const Y1970 = Date.UTC(1970, 0, 1);
const Y2100 = Date.UTC(2100, 0, 1);

/** Where a case starts, and a local time of day near a DST transition to aim rules at. */
export interface Start {
  after: number;
  hour: number;
  minute: number;
}

/**
 * An instant in 1970–2100: a third uniform, a third within two days of a transition of
 * `zone`, a third within three hours of one (folds and gaps need `after` inside them).
 */
export function randomStart(rnd: Random, zone: string): Start {
  const base = Y1970 + Math.floor(rnd() * (Y2100 - Y1970));
  const z = Zone.resolve(zone);
  const near = (t: number): Start => {
    const wall = z.wallAt(t + int(rnd, -90, 90) * 60_000);
    const ms = ((wall % 86_400_000) + 86_400_000) % 86_400_000;
    return { after: t, hour: Math.floor(ms / 3_600_000), minute: Math.floor((ms % 3_600_000) / 60_000 / 15) * 15 };
  };
  const mode = rnd();
  if (mode < 1 / 3) return near(base);
  // Transitions come from lib/time only to bias the sample; the oracle never uses them.
  let seg = z.segmentAt(base);
  for (let i = 0; i < 20 && seg.end < Y2100 + 400 * 86_400_000; i++) {
    seg = z.segmentAt(seg.end);
    if (seg.prevOffset !== seg.offset) break;
  }
  if (seg.prevOffset === seg.offset) return near(base);
  const spread = mode < 2 / 3 ? 2 * 86_400 : 3 * 3600;
  const start = near(seg.start);
  return { ...start, after: seg.start + int(rnd, -spread, spread) * 1000 + pick(rnd, [0, 0, 1, -1, 999]) };
}

/** Hours near DST transitions (most are 00:00–03:00 local) are picked more often. */
function randomHour(rnd: Random): number {
  return rnd() < 0.6 ? int(rnd, 0, 3) : int(rnd, 0, 23);
}

export function randomTime(rnd: Random, start: Start): [number, number, number] {
  const second = rnd() < 0.8 ? 0 : int(rnd, 0, 59);
  if (rnd() < 0.5) return [start.hour, start.minute, second];
  return [randomHour(rnd), pick(rnd, [0, 0, 15, 30, 30, 45, int(rnd, 0, 59)]), second];
}

export function randomWeekdays(rnd: Random): number[] {
  const days = [1, 2, 3, 4, 5, 6, 7].filter(() => rnd() < 0.35);
  return days.length > 0 ? days : [int(rnd, 1, 7)];
}

export function randomMonthdays(rnd: Random): number[] {
  const pool = [1, 15, 28, 29, 30, 31, -1, -2, -28, -29, -30, -31, int(rnd, 1, 31), -int(rnd, 1, 31)];
  const n = int(rnd, 1, 3);
  return [...new Set(Array.from({ length: n }, () => pick(rnd, pool)))];
}

export function dayRule(weekdays: readonly number[] | null, monthdays: readonly number[] | null, time: readonly number[]): OracleRule {
  const target = ((time[0] as number) * 60 + (time[1] as number)) * 60 + (time[2] as number);
  return {
    date: (y, m, d, wd) => {
      if (weekdays) return weekdays.includes(wd);
      const dim = new Date(Date.UTC(y, m, 0)).getUTCDate();
      return (monthdays ?? []).some((md) => (md > 0 ? md === d : dim + 1 + md === d));
    },
    hour: (h) => h === time[0],
    time: (s) => s === target,
    fixed: true,
    step: time[2] === 0 ? 60_000 : 1000,
  };
}

export function randomCron(rnd: Random, start: Start): string {
  const m = start.minute;
  const h = start.hour;
  const minute = pick(rnd, ['0', '30', `${m}`, `${m}`, `${int(rnd, 0, 59)}`, `${m},${(m + 30) % 60}`, '15-20', '*/15', '*/20', '*', '5/25', '10-50/20', '59', '?', '?/20']);
  const hour = pick(rnd, ['0', '1', '2', '3', `${h}`, `${h}`, `${h},${(h + 1) % 24}`, '2-3', '*', '*/2', '1-3', '*/5', `${int(rnd, 0, 23)}`, '23', '0,12', '?']);
  const dom = pick(rnd, ['*', '*', '*', '1', '15', '31', '29', 'L', 'L-2', '15W', 'LW', '1,15', '*/10', '?', '30', '1-7']);
  const month = pick(rnd, ['*', '*', '*', '2', '3,10', '11', 'jan-jun', '*/3', '4', '?']);
  const dow = pick(rnd, [
    '*', '*', '*', '0', '1-5', '5L', '1#2', 'mon,fri', '6,7', '?', 'sun#1',
    // croner/Quartz dialect forms (docs/time-semantics.md, "Dialects").
    'FRI#L', '0#L', 'MON-SUN', 'sat-sun', '5-7', 'mon-fri#2', '6-7L', 'MON-FRI#L', '+mon', '+1-5', '+5L', '+?', '+sun#1',
  ]);
  const head = `${minute} ${hour} ${dom} ${month} ${dow}`;
  const roll = rnd();
  if (roll < 0.1) return `${pick(rnd, ['0', '30', '*/20', '15,45', '?'])} ${head}`;
  if (roll < 0.2) {
    // Seven fields: seconds first, the year last, around the start's year (some all in the past).
    const y = new Date(start.after).getUTCFullYear();
    const year = pick(rnd, ['*', '?', `${y}`, `${y + 1}`, `${y - 1}`, `${y}-${y + 1}`, `${y - 5}-${y + 5}/2`, `${y},${y + 2}`, `${y - 3}/3`]);
    return `${pick(rnd, ['0', '30', '?'])} ${head} ${year}`;
  }
  return head;
}

/** The oracle's own reading of a cron expression's day and time fields. */
export function cronRule(expression: string): OracleRule {
  const f = parseCronFields(expression);
  const dayOk = (y: number, m: number, d: number, iso: number): boolean => {
    const wd = iso % 7;
    const dim = new Date(Date.UTC(y, m, 0)).getUTCDate();
    const weekdayOf = (day: number): number => new Date(Date.UTC(y, m - 1, day)).getUTCDay();
    const nearest = (n: number): number => {
      const target = n === 0 ? dim : n;
      if (target > dim) return -1;
      const w = weekdayOf(target);
      if (w === 6) return target - 1 >= 1 ? target - 1 : target + 2;
      if (w === 0) return target + 1 <= dim ? target + 1 : target - 2;
      return target;
    };
    const dom = f.days[d] === true || f.lastDayOffsets.some((o) => d === dim - o) || f.nearestWeekdays.some((n) => nearest(n) === d);
    let sameBefore = 0;
    for (let x = d; x >= 1; x -= 7) sameBefore++;
    const dow = f.weekdays[wd] === true || (f.lastWeekdays.includes(wd) && d + 7 > dim)
      || f.nthWeekdays.some(([w, k]) => w === wd && k === sameBefore);
    return f.dayCombine === 'either' ? dom || dow : dom && dow;
  };
  return {
    date: (y, m, d, wd) => (f.years === null || f.years.includes(y)) && f.months[m] === true && dayOk(y, m, d, wd),
    hour: (h) => f.hours[h] === true,
    time: (s) => f.hours[Math.floor(s / 3600)] === true && f.minutes[Math.floor(s / 60) % 60] === true && f.seconds[s % 60] === true,
    fixed: f.fixedTime,
    step: f.hasSeconds ? 1000 : 60_000,
  };
}
