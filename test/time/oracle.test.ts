/**
 * Seeded property tests: every next-run function against the brute-force oracle, across
 * 15 zones and 1970–2100, biased toward DST transition days. `ORACLE_CASES=100000` for a
 * long run; `ORACLE_SEED=<n>` replays the run that printed seed n.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CronRule, parseCron } from '../../lib/time/rules/cron.js';
import { MonthdayRule } from '../../lib/time/rules/monthday.js';
import { WeekdayRule } from '../../lib/time/rules/weekday.js';
import { LimitedRule, type Limits } from '../../lib/time/rules/limits.js';
import { Zone } from '../../lib/time/zone.js';
import {
  ORACLE_ZONES, cronRule, dayRule, int, mulberry32, pick, randomCron, randomStart, randomMonthdays,
  randomTime, randomWeekdays, type Random,
} from './oracle-cases.js';
import { oracleNext, wallFields, type OracleRule } from './oracle.js';

const CASES = Number(process.env.ORACLE_CASES ?? 800);
const SEED = Number(process.env.ORACLE_SEED ?? 20_271_107);
const DAY = 86_400_000;

interface Case {
  label: string;
  zone: string;
  after: number;
  horizon: number;
  rule: OracleRule;
  accept?: (t: number, wall: number) => boolean;
  next: (after: number) => number | null;
}

const iso = (t: number | null): string => (t === null ? 'null' : new Date(t).toISOString());

/** Runs `count` cases from `make`; collects failures with the seed that reproduces each. */
function check(name: string, share: number, make: (rnd: Random, zone: string) => Omit<Case, 'zone'>): void {
  test(name, () => {
    const count = Math.max(20, Math.round(CASES * share));
    const failures: string[] = [];
    for (let i = 0; i < count && failures.length < 5; i++) {
      const seed = (SEED + i * 7919 + name.length * 104_729) >>> 0;
      const rnd = mulberry32(seed);
      const zoneName = pick(rnd, ORACLE_ZONES);
      const c = { zone: zoneName, ...make(rnd, zoneName) };
      const got = c.next(c.after);
      const want = oracleNext(c.rule, c.zone, c.after, c.horizon, c.accept);
      const where = `seed ${seed}: ${c.label} in ${c.zone} after ${iso(c.after)}`;
      if (want !== null ? got !== want : got !== null && got <= c.after + c.horizon) {
        failures.push(`${where}: got ${iso(got)}, oracle ${want === null ? `none within ${c.horizon / DAY} days` : iso(want)}`);
        continue;
      }
      if (got !== null) {
        if (!(got > c.after)) failures.push(`${where}: ${iso(got)} is not after it`);
        const again = c.next(got);
        if (again !== null && !(again > got)) failures.push(`${where}: next after ${iso(got)} is ${iso(again)}`);
      }
    }
    assert.equal(failures, [], `${failures.length} mismatches (ORACLE_SEED=${SEED}):\n${failures.join('\n')}`);
  });
}

check('weekday occurrences match the oracle, DST gaps shift forward and folds run once', 0.25, (rnd, zoneName) => {
  const zone = Zone.resolve(zoneName);
  const start = randomStart(rnd, zoneName);
  const weekdays = randomWeekdays(rnd);
  const time = randomTime(rnd, start);
  return {
    label: `weekdays ${weekdays} at ${time.join(':')}`,
    after: start.after,
    horizon: 9 * DAY,
    rule: dayRule(weekdays, null, time),
    next: (a) => new WeekdayRule(weekdays, time, zone).next(a),
  };
});

check('monthday occurrences match the oracle, including negative days and missing days', 0.2, (rnd, zoneName) => {
  const zone = Zone.resolve(zoneName);
  const start = randomStart(rnd, zoneName);
  const monthdays = randomMonthdays(rnd);
  const time = randomTime(rnd, start);
  return {
    label: `monthdays ${monthdays} at ${time.join(':')}`,
    after: start.after,
    horizon: 70 * DAY,
    rule: dayRule(null, monthdays, time),
    next: (a) => new MonthdayRule(monthdays, time, zone).next(a),
  };
});

check('cron next runs match the oracle for fixed-time and clock-following rules', 0.4, (rnd, zoneName) => {
  const zone = Zone.resolve(zoneName);
  const start = randomStart(rnd, zoneName);
  const expression = randomCron(rnd, start);
  const rule = new CronRule(parseCron(expression), zone);
  return {
    label: `cron "${expression}"`,
    after: start.after,
    horizon: 400 * DAY,
    rule: cronRule(expression),
    next: (a) => rule.next(a),
  };
});

function randomLimits(rnd: Random, after: number): Limits {
  const limits: Limits = {};
  if (rnd() < 0.6) {
    const from = int(rnd, 0, 95) * 900;
    let to = int(rnd, 0, 96) * 900;
    if (to === from) to = (from + 3600) % 86_400;
    limits.activeWindow = { from, to };
  }
  if (rnd() < 0.4) limits.activeWeekdays = randomWeekdays(rnd);
  if (rnd() < 0.3) limits.activeMonthdays = [...new Set([int(rnd, 1, 31), int(rnd, -3, -1), int(rnd, 1, 28)])];
  if (rnd() < 0.3) limits.activeMonths = [...new Set([int(rnd, 1, 12), int(rnd, 1, 12), int(rnd, 1, 12)])];
  if (rnd() < 0.3) limits.startDate = after + int(rnd, -2, 20) * 3_600_000;
  if (rnd() < 0.2) limits.endDate = after + int(rnd, 1, 90) * DAY;
  return limits;
}

/** Limits as the oracle reads them: on the oracle's wall time of the instant itself. */
function oracleAllows(limits: Limits, t: number, wall: number): boolean {
  if (limits.startDate !== undefined && t < limits.startDate) return false;
  if (limits.endDate !== undefined && t > limits.endDate) return false;
  const { date: [y, m, d, wd], second } = wallFields(wall);
  const dim = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (limits.activeMonths && !limits.activeMonths.includes(m)) return false;
  if (limits.activeWeekdays && !limits.activeWeekdays.includes(wd)) return false;
  if (limits.activeMonthdays && !limits.activeMonthdays.some((md) => (md > 0 ? md : dim + 1 + md) === d)) return false;
  const w = limits.activeWindow;
  if (w && !(w.from < w.to ? second >= w.from && second < w.to : second >= w.from || second < w.to)) return false;
  return true;
}

check('next runs under limits are the first rule occurrences the limits allow', 0.15, (rnd, zoneName) => {
  const zone = Zone.resolve(zoneName);
  const start = randomStart(rnd, zoneName);
  const after = start.after;
  const limits = randomLimits(rnd, after);
  const useCron = rnd() < 0.7;
  const expression = pick(rnd, ['*/30 * * * *', '0 * * * *', '15 */3 * * *', '0 2 * * *', '30 1 * * 1-5', '*/45 1-3 * * *']);
  const cron = parseCron(expression);
  const weekdays = randomWeekdays(rnd);
  const time = randomTime(rnd, start);
  const limited = new LimitedRule(useCron ? new CronRule(cron, zone) : new WeekdayRule(weekdays, time, zone), limits, zone);
  return {
    label: `${useCron ? `cron "${expression}"` : `weekdays ${weekdays} at ${time.join(':')}`} under ${JSON.stringify(limits)}`,
    after,
    horizon: 120 * DAY,
    rule: useCron ? cronRule(expression) : dayRule(weekdays, null, time),
    accept: (t, wall) => oracleAllows(limits, t, wall),
    next: (a) => limited.next(a),
  };
});

test.run();
