/**
 * Seeded fuzz of option validation (issue 9.17). For each task type and each option, values
 * from a wide pool (and the option's own valid values) are classified by a per-option oracle
 * written from docs/tasks.md and DESIGN §3, independently of lib/: a value the oracle calls
 * invalid must throw a TypeError/RangeError whose message names that option, and a valid one
 * must be accepted. The seed is fixed, so a failure reproduces exactly.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { CronTask } from '../../lib/tasks/cron-task.js';
import { MonthdayTask, WeekdayTask } from '../../lib/tasks/day-tasks.js';
import { IntervalTask } from '../../lib/tasks/interval-task.js';
import { SingleTask } from '../../lib/tasks/single-task.js';
import { harness, stopAll, T0 } from '../helpers.js';

test.after.each(stopAll);

const SEED = 20_261_129;
const MAX = 8.64e15;
const UNITS: Record<string, number> = { weeks: 604_800_000, days: 86_400_000, hours: 3_600_000, minutes: 60_000, seconds: 1000, milliseconds: 1 };
const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const MODULE = './test/fixtures/workers/ok.ts';

// ---- the oracle: what docs/tasks.md and DESIGN §3 say each option accepts ----------------

type Oracle = (value: unknown) => boolean;

const isPlain = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);
const isClass = (v: unknown) => typeof v === 'function' && /^class[\s{]/.test(Function.prototype.toString.call(v));
const isInt = (v: unknown, min: number, max: number) => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
const optional = (oracle: Oracle): Oracle => (v) => v === undefined || oracle(v);

function durationMs(v: unknown): number | null {
  if (typeof v === 'number') return Number.isSafeInteger(v) && v >= 0 && v <= MAX ? v : null;
  if (!isPlain(v)) return null;
  let total = 0;
  for (const [key, amount] of Object.entries(v)) {
    if (!(key in UNITS) || !Object.hasOwn(UNITS, key)) return null;
    if (amount === undefined) continue;
    if (typeof amount !== 'number' || !Number.isFinite(amount) || amount < 0) return null;
    total += amount * (UNITS[key] as number);
  }
  const ms = Math.round(total);
  return ms <= MAX ? ms : null;
}
const duration = (min: number): Oracle => (v) => {
  const ms = durationMs(v);
  return ms !== null && ms >= min;
};
const instant: Oracle = (v) => {
  const t = v instanceof Date ? v.getTime() : v;
  return typeof t === 'number' && Number.isFinite(t) && Math.abs(t) <= MAX;
};
const nonEmptyList = (item: Oracle): Oracle => (v) => Array.isArray(v) && v.length > 0 && v.every(item);
const weekday: Oracle = (v) => isInt(v, 1, 7) || (typeof v === 'string' && DAYS.some((d) => v.toLowerCase() === d || v.toLowerCase() === d.slice(0, 3)));
const monthday: Oracle = (v) => isInt(v, -31, 31) && v !== 0;
function timeOfDaySeconds(v: unknown): number | null {
  let parts: unknown[];
  if (typeof v === 'string') {
    const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(v);
    if (!m) return null;
    parts = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
  } else if (Array.isArray(v) && (v.length === 2 || v.length === 3)) {
    parts = [v[0], v[1], v[2] ?? 0];
  } else return null;
  const [h, m, s] = parts;
  return isInt(h, 0, 23) && isInt(m, 0, 59) && isInt(s, 0, 59) ? ((h as number) * 60 + (m as number)) * 60 + (s as number) : null;
}
const windowEnd = (v: unknown) => (typeof v === 'number' ? (isInt(v, 0, 86_400) ? v : null) : timeOfDaySeconds(v));
const activeWindow: Oracle = (v) => {
  if (!isPlain(v) || Object.keys(v).some((k) => k !== 'from' && k !== 'to')) return false;
  const from = windowEnd(v.from);
  const to = windowEnd(v.to);
  return from !== null && to !== null && from < 86_400 && from !== to;
};
const VALID_ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', '+05:30', '-08:00', 'utc', 'Etc/GMT+5'];
const INVALID_ZONES = ['Mars/Base', '', 'Nowhere/Land', '+25:00', 'Europe/Berlinx', 'UTC ', '05:30'];
const VALID_CRONS = ['*/5 * * * *', '0 9 * * 1-5', '@daily', '0 30 9 * * 1', '0 0 L * *', '0 12 * * MON#2'];
const INVALID_CRONS = ['nope', '* * *', '60 * * * *', '* * * * * * * *', '', '0 25 * * *'];
const moduleRef: Oracle = (v) => {
  if (typeof v !== 'object' || v === null || !('module' in v)) return false;
  const ref = v as Record<string, unknown>;
  if (Object.keys(ref).some((k) => k !== 'module' && k !== 'export')) return false;
  const okModule = (typeof ref.module === 'string' && ref.module.length > 0) || ref.module instanceof URL;
  return okModule && (ref.export === undefined || (typeof ref.export === 'string' && ref.export.length > 0));
};

const COMMON: Record<string, Oracle> = {
  name: optional((v) => typeof v === 'string' && v.trim().length > 0),
  action: (v) => (typeof v === 'function' && !isClass(v)) || moduleRef(v),
  args: optional(Array.isArray),
  kw: optional(isPlain),
  processMethod: optional((v) => v === 'sequential' || v === 'concurrent'), // the base action is a function
  priority: optional((v) => typeof v === 'number' && Number.isFinite(v)),
  maxInstances: optional((v) => isInt(v, 1, Number.MAX_SAFE_INTEGER)),
  overlap: optional((v) => v === 'skip' || v === 'queue'),
  catchUp: optional((v) => v === 'once' || v === 'skip' || v === 'all'),
  misfireGraceTime: optional(duration(0)),
  maxCatchUp: optional((v) => isInt(v, 1, Number.MAX_SAFE_INTEGER)),
  timeout: optional(duration(1)),
  around: optional((v) => typeof v === 'function' && !isClass(v)),
  replace: optional((v) => typeof v === 'boolean'),
  enabled: optional((v) => typeof v === 'boolean'),
  maxRuns: optional((v) => isInt(v, 1, Number.MAX_SAFE_INTEGER)),
  jitter: optional(duration(0)),
  startDate: optional(instant),
  endDate: optional(instant),
  activeWindow: optional(activeWindow),
  activeWeekdays: optional(nonEmptyList(weekday)),
  activeMonthdays: optional(nonEmptyList(monthday)),
  activeMonths: optional(nonEmptyList((v) => isInt(v, 1, 12))),
  dates: optional((v) => Array.isArray(v) && v.every(instant)),
  timeZone: optional((v) => typeof v === 'string' && VALID_ZONES.includes(v)),
};

interface TaskType {
  make: (options: Record<string, unknown>) => unknown;
  base: Record<string, unknown>;
  own: Record<string, Oracle>;
}

const action = () => {};
const TYPES: Record<string, TaskType> = {
  IntervalTask: {
    make: (o) => new IntervalTask(o as never),
    base: { action, interval: 60_000 },
    own: { interval: duration(1), initialDelay: optional(duration(0)) },
  },
  WeekdayTask: {
    make: (o) => new WeekdayTask(o as never),
    base: { action, weekdays: [1], timeOnDay: [9, 0] },
    own: { weekdays: nonEmptyList(weekday), timeOnDay: (v) => timeOfDaySeconds(v) !== null },
  },
  MonthdayTask: {
    make: (o) => new MonthdayTask(o as never),
    base: { action, monthdays: [1], timeOnDay: [9, 0] },
    own: { monthdays: nonEmptyList(monthday), timeOnDay: (v) => timeOfDaySeconds(v) !== null },
  },
  SingleTask: {
    make: (o) => new SingleTask(o as never),
    base: { action, at: T0 },
    own: { at: instant },
  },
  CronTask: {
    make: (o) => new CronTask(o as never),
    base: { action, cron: '0 9 * * *' },
    own: { cron: (v) => typeof v === 'string' && VALID_CRONS.includes(v) },
  },
};

// ---- the values: a hostile pool, plus each option's own valid forms ---------------------

class Job {}
class Span { seconds = 5; }
const NUMBERS = [0, 1, -1, 7, 8, 12, 13, 31, -31, 32, 86_399, 86_400, 1.5, -0.5, 999, 1000, 2 ** 31, 2 ** 53, MAX, MAX + 1, -MAX - 1, 9e15, 1e300, -1e20,
  Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.MAX_SAFE_INTEGER, Number.MIN_VALUE];
const STRINGS = ['', ' ', 'x', 'mon', 'MON', 'Monday', 'monkey', 'sun', 'funday', 'mo', '09:00', '25:00', '9:05:07', '10', 'once', 'skip', 'queue',
  'all', 'always', 'sequential', 'concurrent', 'threaded', 'forked', ...VALID_ZONES, ...INVALID_ZONES, ...VALID_CRONS, ...INVALID_CRONS];
const OBJECTS = (): unknown[] => [null, undefined, true, false, Symbol('s'), 10n, {}, [], [1], [9, 0], [24, 0], [9, 60, 0], [1, 2, 3, 4], ['mon'],
  new Date(T0), new Date(Number.NaN), new Date(MAX), new Map(), new Set([1]), new Span(), Object(5), Object.create(null), Job, action, async () => {},
  Math.max, { seconds: 5 }, { hours: 1.5 }, { days: -1 }, { fortnights: 1 }, { weeks: 2e10 }, { seconds: Number.NaN }, { from: '09:00', to: '17:00' },
  { from: 86_400, to: 0 }, { from: 0, to: 86_400 }, { from: '09:00', to: '09:00' }, { from: 1, to: 2, extra: 3 }, { module: MODULE },
  { module: MODULE, export: 'add' }, { module: '' }, { module: MODULE, export: '' }, { module: MODULE, exports: 'add' }, { module: new URL(`file://${process.cwd()}/${MODULE}`) },
  { module: 5 }, [new Date(T0), T0], [1e300], [T0, 'x'], [0, 8], [-1, 15], [1, 12], ['Fri', 'sunday'], ['mon', 'monkey']];

const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...NUMBERS),
  fc.constantFrom(...STRINGS),
  fc.constantFrom(...OBJECTS()),
  fc.integer({ min: -100, max: 100_000 }),
  fc.double({ noDefaultInfinity: false }),
  fc.string({ maxLength: 8 }),
  fc.array(fc.oneof(fc.integer({ min: -40, max: 40 }), fc.constantFrom('mon', 'tue', 'Sunday', 'sat', 'xyz', 'Thurs')), { maxLength: 4 }),
  fc.dictionary(fc.constantFrom('weeks', 'days', 'hours', 'minutes', 'seconds', 'milliseconds', 'from', 'to', 'bogus'),
    fc.oneof(fc.integer({ min: -5, max: 90_000 }), fc.double(), fc.constantFrom('09:00', '23:59:59', '24:00', [9, 30], undefined)), { maxKeys: 3 }),
  fc.date({ noInvalidDate: false }).map((d) => d),
  fc.date({ min: new Date(-MAX), max: new Date(MAX) }).map((d) => d.getTime()),
);

const VALID_FORMS: Record<string, fc.Arbitrary<unknown>> = {
  interval: fc.oneof(fc.integer({ min: 1, max: 1e12 }), fc.record({ hours: fc.integer({ min: 0, max: 100 }), seconds: fc.integer({ min: 1, max: 59 }) })),
  weekdays: fc.array(fc.oneof(fc.integer({ min: 1, max: 7 }), fc.constantFrom(...DAYS, ...DAYS.map((d) => d.slice(0, 3).toUpperCase()))), { minLength: 1, maxLength: 7 }),
  activeWeekdays: fc.array(fc.oneof(fc.integer({ min: 1, max: 7 }), fc.constantFrom(...DAYS.map((d) => d.slice(0, 3)))), { minLength: 1, maxLength: 7 }),
  monthdays: fc.array(fc.integer({ min: 1, max: 31 }).chain((d) => fc.constantFrom(d, -d)), { minLength: 1, maxLength: 5 }),
  timeOnDay: fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })),
  timeZone: fc.constantFrom(...VALID_ZONES, ...INVALID_ZONES),
  cron: fc.constantFrom(...VALID_CRONS, ...INVALID_CRONS),
  startDate: fc.integer({ min: -MAX, max: MAX }),
  activeWindow: fc.record({ from: fc.integer({ min: 0, max: 86_400 }), to: fc.integer({ min: 0, max: 86_400 }) }),
};
const valuesFor = (option: string) => (VALID_FORMS[option] ? fc.oneof(VALID_FORMS[option], anyValue) : anyValue);

// ---- the checks ---------------------------------------------------------------------------

function outcome(make: () => unknown): Error | null {
  try {
    make();
    return null;
  } catch (error) {
    return error as Error;
  }
}

/** The error must be a TypeError/RangeError that names one of `options` (and no other option first). */
function namesOneOf(error: Error, options: readonly string[]): boolean {
  if (!(error instanceof TypeError || error instanceof RangeError)) return false;
  const named = /^Expected `([^`.]+)/.exec(error.message)?.[1];
  return named !== undefined ? options.includes(named) : options.some((o) => error.message.includes(o));
}

function render(value: unknown): string {
  try {
    return typeof value === 'symbol' || typeof value === 'bigint' ? value.toString() : value instanceof Date ? `Date(${value.getTime()})` : JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

for (const [typeName, type] of Object.entries(TYPES)) {
  const oracles = { ...COMMON, ...type.own };
  test(`${typeName}: every value of every option is accepted or refused exactly as its oracle says`, () => {
    const problems: string[] = [];
    for (const [option, oracle] of Object.entries(oracles)) {
      fc.assert(
        fc.property(valuesFor(option), (value) => {
          const valid = oracle(value);
          const error = outcome(() => type.make({ ...type.base, [option]: value }));
          if (valid && error) problems.push(`${option}: ${render(value)} refused: ${error.message}`);
          if (!valid && !error) problems.push(`${option}: ${render(value)} accepted`);
          if (!valid && error && !namesOneOf(error, [option])) problems.push(`${option}: ${render(value)} blamed elsewhere: ${error.name}: ${error.message}`);
        }),
        { seed: SEED, numRuns: 120 },
      );
    }
    assert.equal(problems.slice(0, 20), []);
  });

  test(`${typeName}: several bad options at once are refused naming one of them`, () => {
    const fuzzed = Object.keys(oracles).filter((o) => o !== 'action');
    const problems: string[] = [];
    const sets = fc.array(fc.constantFrom(...fuzzed), { minLength: 1, maxLength: 4 }).chain((keys) =>
      fc.tuple(...[...new Set(keys)].map((k) => fc.tuple(fc.constant(k), valuesFor(k)))));
    fc.assert(
      fc.property(sets, (pairs) => {
        const options: Record<string, unknown> = { ...type.base, ...Object.fromEntries(pairs) };
        const invalid = pairs.filter(([k, v]) => !(oracles[k] as Oracle)(v)).map(([k]) => k);
        const start = options.startDate instanceof Date ? options.startDate.getTime() : options.startDate;
        const end = options.endDate instanceof Date ? options.endDate.getTime() : options.endDate;
        if (invalid.length === 0 && typeof start === 'number' && typeof end === 'number' && end < start) invalid.push('endDate');
        const error = outcome(() => type.make(options));
        const shown = pairs.map(([k, v]) => `${k}=${render(v)}`).join(' ');
        if (invalid.length === 0 && error) problems.push(`${shown} refused: ${error.message}`);
        if (invalid.length > 0 && !error) problems.push(`${shown} accepted`);
        if (invalid.length > 0 && error && !namesOneOf(error, invalid)) problems.push(`${shown} blamed elsewhere: ${error.message}`);
      }),
      { seed: SEED, numRuns: 250 },
    );
    assert.equal(problems.slice(0, 20), []);
  });
}

test('unknown keys are refused naming the key', () => {
  const known = new Set([...Object.keys(COMMON), 'interval', 'initialDelay']);
  fc.assert(
    fc.property(fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !known.has(k) && k !== '__proto__'), (key) => {
      const error = outcome(() => new IntervalTask({ action, interval: 60_000, [key]: 1 } as never));
      return error instanceof TypeError && error.message.startsWith(`Unknown option \`${key}\``);
    }),
    { seed: SEED, numRuns: 200 },
  );
});

test('scheduler calls check their instants, delays and limits', () => {
  const { scheduler } = harness();
  scheduler.addIntervalTask({ name: 'i', action, interval: 60_000 });
  const problems: string[] = [];
  const delay: Oracle = (v) => typeof v === 'number' && durationMs(v) !== null;
  const calls: Array<[string, Oracle, (v: unknown) => unknown]> = [
    ['at', instant, (v) => scheduler.scheduleTaskAbs(new SingleTask({ action, at: T0 }), v as number)],
    ['delay', delay, (v) => scheduler.scheduleTask(new SingleTask({ action, at: T0 }), v as number)],
    // runNow's delay is optional: undefined means "now"; null is a bad value like any other.
    ['delay', (v) => v === undefined || delay(v), (v) => scheduler.runNow('i', { delay: v as number })],
    ['from', instant, (v) => scheduler.nextRunsBetween('i', v as number, T0)],
    ['to', instant, (v) => scheduler.nextRunsBetween('i', T0, v as number)],
    ['limit', optional((v) => isInt(v, 0, Number.MAX_SAFE_INTEGER)), (v) => scheduler.nextRunsBetween('i', T0, T0 + 600_000, v as number)],
  ];
  for (const [option, oracle, call] of calls) {
    fc.assert(
      fc.property(anyValue, (value) => {
        const valid = oracle(value);
        const error = outcome(() => call(value));
        if (valid && error) problems.push(`${option}: ${render(value)} refused: ${error.message}`);
        if (!valid && !error) problems.push(`${option}: ${render(value)} accepted`);
        if (!valid && error && !namesOneOf(error, [option])) problems.push(`${option}: ${render(value)} blamed elsewhere: ${error.message}`);
      }),
      { seed: SEED, numRuns: 150 },
    );
  }
  assert.equal(problems.slice(0, 20), []);
});

test.run();
