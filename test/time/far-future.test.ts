/**
 * Far-future offsets and occurrences. From 2100 on, zoned.ts caches one 400-year cycle of
 * offsets, sampled every 14 days, and maps later instants back into it by whole cycles; these
 * tests check that against brute force read from `Intl` alone (oracle.ts), in years the cache
 * never sampled directly: 2999, 3399, across the window's ends, and near the end of the Date
 * range.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MonthdayRule } from '../../lib/time/rules/monthday.js';
import { WeekdayRule } from '../../lib/time/rules/weekday.js';
import { Zone } from '../../lib/time/zone.js';
import { ORACLE_ZONES, dayRule, int, mulberry32, pick } from './oracle-cases.js';
import { intlWall, oracleNext } from './oracle.js';

const HOUR = 3_600_000;
const DAY = 86_400_000;
const CYCLE = 146_097 * DAY;
const MAX = 8.64e15;
const iso = (t: number | null): string => (t === null ? 'null' : new Date(t).toISOString());

const formats = new Map<string, Intl.DateTimeFormat>();

/**
 * Intl's offset at `t` (a whole second). Like oracle.ts's `intlWall`, but adds the time of
 * day after Date.UTC, so local times past the end of the Date range still read.
 */
function intlOffset(zone: string, t: number): number {
  let f = formats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formats.set(zone, f);
  }
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(t)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const date = Date.UTC(p.year as number, (p.month as number) - 1, p.day as number);
  return date + (((p.hour as number) * 60 + (p.minute as number)) * 60 + (p.second as number)) * 1000 - t;
}

/** Start of `year` as epoch ms; Date.UTC's year argument maps 0..99 to 19xx, so go through setUTCFullYear. */
function yearStart(year: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, 0, 1);
  return d.getTime();
}

interface Change {
  at: string;
  from: number;
  to: number;
}

/** Every offset change in [from, to), by Intl alone: 6-hour steps, then bisection to the second. */
function bruteChanges(zone: string, from: number, to: number): Change[] {
  const found: Change[] = [];
  let t = from;
  let o = intlOffset(zone, t);
  while (t < to) {
    const x = Math.min(t + 6 * HOUR, to);
    const ox = intlOffset(zone, x);
    if (ox !== o) {
      let lo = t;
      let hi = x;
      while (hi - lo > 1000) {
        const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
        if (intlOffset(zone, mid) === o) lo = mid;
        else hi = mid;
      }
      if (hi < to) found.push({ at: iso(hi), from: o, to: intlOffset(zone, hi) });
      o = intlOffset(zone, hi);
      t = hi;
      continue;
    }
    t = x;
  }
  return found;
}

/** Every real offset change in [from, to) as the zone's segments report it. */
function zoneChanges(zone: Zone, from: number, to: number): Change[] {
  const found: Change[] = [];
  for (let seg = zone.segmentAt(from); seg.start < to; seg = zone.segmentAt(seg.end)) {
    if (seg.start >= from && seg.prevOffset !== seg.offset) found.push({ at: iso(seg.start), from: seg.prevOffset, to: seg.offset });
    if (seg.end === Infinity) break;
  }
  return found;
}

test('New York changes offset in 2999 and 3399 exactly when Intl does (second Sunday of March, first of November)', () => {
  const ny = Zone.resolve('America/New_York');
  const pinned: Record<number, string[]> = {
    2999: ['2999-03-10T07:00:00.000Z', '2999-11-03T06:00:00.000Z'],
    3399: ['3399-03-10T07:00:00.000Z', '3399-11-03T06:00:00.000Z'],
  };
  for (const year of [2999, 3399]) {
    const from = yearStart(year);
    const to = yearStart(year + 1);
    const brute = bruteChanges('America/New_York', from, to);
    assert.equal(brute.map((c) => c.at), pinned[year], `Intl itself, ${year}`);
    assert.equal(zoneChanges(ny, from, to), brute, `segments, ${year}`);
    for (const c of brute) {
      const t = Date.parse(c.at);
      assert.is(ny.offsetAt(t - 1000), c.from, c.at);
      assert.is(ny.offsetAt(t - 1), c.from, c.at);
      assert.is(ny.offsetAt(t), c.to, c.at);
    }
  }
});

test('every test zone changes offset when Intl does, across the cycle window and far beyond it', () => {
  // 2100 starts the window, 2499/2500 straddle its end (early January 2500), 2899/2900 the
  // next; 2999 and 3399 are ordinary years well past it; 99 999 is far out.
  const years = [2100, 2101, 2499, 2500, 2899, 2900, 2999, 3399, 99_999];
  for (const name of ORACLE_ZONES) {
    const zone = Zone.resolve(name);
    for (const year of years) {
      const from = yearStart(year);
      const to = yearStart(year + 1);
      assert.equal(zoneChanges(zone, from, to), bruteChanges(name, from, to), `${name} in ${year}`);
    }
  }
});

test('changes of one kind that move to another UTC time of day are still found to the second', () => {
  // zoned.ts first tries the UTC time of day of the previous change of the same kind; these
  // spans break that guess: London moved from 02:00 GMT to 01:00 UTC in 1981, Casablanca's
  // Ramadan changes and Tehran's midnight changes wander, Apia crossed the date line.
  const spans: [string, number, number][] = [
    ['Europe/London', 1968, 1985],
    ['Africa/Casablanca', 2008, 2030],
    ['Asia/Tehran', 1977, 1995],
    ['America/Santiago', 2008, 2020],
    ['Pacific/Apia', 2009, 2013],
    ['America/Sao_Paulo', 2000, 2020],
  ];
  for (const [name, y0, y1] of spans) {
    const from = yearStart(y0);
    const to = yearStart(y1);
    assert.equal(zoneChanges(Zone.resolve(name), from, to), bruteChanges(name, from, to), name);
  }
});

test('offsets agree with Intl at random far-future instants, 2100 to the end of the Date range', () => {
  const rnd = mulberry32(2999);
  const from = Date.UTC(2100, 0, 1);
  for (const name of ORACLE_ZONES) {
    const zone = Zone.resolve(name);
    for (let i = 0; i < 200; i++) {
      // Half uniform over 2100..275760, half in 2100..3500 where schedules plausibly reach.
      const span = i % 2 === 0 ? MAX - from : yearStart(3500) - from;
      const t = from + Math.floor((rnd() * span) / 1000) * 1000;
      assert.is(zone.offsetAt(t), intlOffset(name, t), `${name} at ${iso(t)}`);
    }
  }
});

test('offsets one and several cycles apart are equal after 2100 (what the cache relies on)', () => {
  const rnd = mulberry32(400);
  for (const name of ORACLE_ZONES) {
    for (let i = 0; i < 60; i++) {
      const t = Date.UTC(2100, 0, 1) + Math.floor((rnd() * CYCLE) / 1000) * 1000;
      const k = pick(rnd, [1, 2, 3, 17, 100]);
      assert.is(intlOffset(name, t + k * CYCLE), intlOffset(name, t), `${name} at ${iso(t)} + ${k} cycles`);
    }
  }
});

test('the process zone, read through Date, agrees with Intl in the far future too', () => {
  const processZone = Zone.resolve();
  const name = processZone.id;
  const rnd = mulberry32(5);
  for (let i = 0; i < 500; i++) {
    const t = Date.UTC(2100, 0, 1) + Math.floor((rnd() * (yearStart(4000) - Date.UTC(2100, 0, 1))) / 1000) * 1000;
    assert.is(processZone.offsetAt(t), name === 'UTC' ? 0 : intlOffset(name, t), iso(t));
  }
});

test('the end of the Date range: offsets still read, beyond it a RangeError', () => {
  for (const name of ['America/New_York', 'Australia/Lord_Howe', 'Pacific/Chatham']) {
    const zone = Zone.resolve(name);
    for (const t of [MAX, MAX - 1000, MAX - 200 * DAY, yearStart(275_759) + 100 * DAY]) {
      assert.is(zone.offsetAt(t), intlOffset(name, t), `${name} at ${iso(t)}`);
    }
    assert.throws(() => zone.offsetAt(MAX + 1), RangeError);
  }
});

test('New York day-rule runs in 2999 and 3399: the spring gap shifts forward, the fall fold runs once', () => {
  const ny = Zone.resolve('America/New_York');
  const daily = [1, 2, 3, 4, 5, 6, 7];
  // Noon UTC the day before each change (pinned in the first test).
  const cases: [string, number, [number, number, number], string, string][] = [
    ['2999 gap 02:30', Date.UTC(2999, 2, 9, 12), [2, 30, 0], '2999-03-10T07:30:00.000Z', '2999-03-11T06:30:00.000Z'],
    ['2999 fold 01:30', Date.UTC(2999, 10, 2, 12), [1, 30, 0], '2999-11-03T05:30:00.000Z', '2999-11-04T06:30:00.000Z'],
    ['3399 gap 02:30', Date.UTC(3399, 2, 9, 12), [2, 30, 0], '3399-03-10T07:30:00.000Z', '3399-03-11T06:30:00.000Z'],
    ['3399 fold 01:30', Date.UTC(3399, 10, 2, 12), [1, 30, 0], '3399-11-03T05:30:00.000Z', '3399-11-04T06:30:00.000Z'],
  ];
  for (const [label, after, time, first, second] of cases) {
    const a = new WeekdayRule(daily, time, ny).next(after);
    const b = new WeekdayRule(daily, time, ny).next(a as number);
    assert.equal([iso(a), iso(b)], [first, second], label);
    const rule = dayRule(daily, null, time);
    assert.is(iso(a), iso(oracleNext(rule, 'America/New_York', after, 3 * DAY)), `${label}: oracle`);
    assert.is(iso(b), iso(oracleNext(rule, 'America/New_York', a as number, 3 * DAY)), `${label}: oracle, second run`);
  }
});

test('the W5 chain (31st at 09:00 in New York from 2027) matches a fresh zone-free computation at every step', () => {
  // 10 000 successive runs reach year 3455; each must be the 31st at 09:00 New York time by
  // Intl, and consecutive runs must be consecutive 31sts (no month with 31 days skipped).
  const ny = Zone.resolve('America/New_York');
  let t = Date.UTC(2027, 0, 1);
  let prev: [number, number] | null = null;
  for (let i = 0; i < 10_000; i++) {
    t = new MonthdayRule([31], [9, 0, 0], ny).next(t) as number;
    const wall = new Date(intlWall('America/New_York', t));
    assert.equal([wall.getUTCDate(), wall.getUTCHours(), wall.getUTCMinutes(), wall.getUTCSeconds()], [31, 9, 0, 0], iso(t));
    const ym: [number, number] = [wall.getUTCFullYear(), wall.getUTCMonth()];
    if (prev) {
      // The next month with 31 days after prev: never more than two months on.
      const d = new Date(Date.UTC(2000, 0, 1));
      d.setUTCFullYear(prev[0], prev[1] + 1, 1);
      while (new Date(Date.UTC(2000, d.getUTCMonth() + 1, 0)).getUTCDate() !== 31) d.setUTCMonth(d.getUTCMonth() + 1, 1);
      assert.equal(ym, [d.getUTCFullYear(), d.getUTCMonth()], `after ${prev.join('-')}`);
    }
    prev = ym;
  }
  assert.is(iso(t), '3455-07-31T13:00:00.000Z');
});

test('random far-future day rules near offset changes agree with the oracle in every test zone', () => {
  const rnd = mulberry32(3400);
  const failures: string[] = [];
  for (let i = 0; i < 150 && failures.length < 5; i++) {
    const name = pick(rnd, ORACLE_ZONES);
    const zone = Zone.resolve(name);
    const year = pick(rnd, [2100, 2500, 2777, 2999, 3399, 3456, 12_345]);
    const changes = bruteChanges(name, yearStart(year), yearStart(year + 1));
    const base = changes.length > 0 && rnd() < 0.8 ? Date.parse(pick(rnd, changes).at) : yearStart(year) + Math.floor(rnd() * 360) * DAY;
    const after = base + int(rnd, -36, 36) * 10 * 60_000;
    const local = new Date(intlWall(name, base + int(rnd, -90, 90) * 60_000));
    const time: [number, number, number] = [local.getUTCHours(), Math.floor(local.getUTCMinutes() / 15) * 15, 0];
    const monthly = rnd() < 0.5;
    const weekdays = [int(rnd, 1, 7), int(rnd, 1, 7)];
    const monthdays = [local.getUTCDate(), pick(rnd, [1, 15, 28, 31, -1])];
    const got = monthly ? new MonthdayRule(monthdays, time, zone).next(after) : new WeekdayRule(weekdays, time, zone).next(after);
    const rule = monthly ? dayRule(null, monthdays, time) : dayRule(weekdays, null, time);
    const want = oracleNext(rule, name, after, 70 * DAY);
    if (got !== want) {
      failures.push(`${name} after ${iso(after)}: ${monthly ? `monthdays ${monthdays}` : `weekdays ${weekdays}`} at ${time.join(':')}: got ${iso(got)}, oracle ${iso(want)}`);
    }
  }
  assert.equal(failures, []);
});

test.run();
