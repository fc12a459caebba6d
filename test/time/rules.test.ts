// The one contract every rule keeps (lib/time/rules/rule.ts): next(after) is pure, strictly
// after `after`, and null once there is no further instant.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CronRule, parseCron } from '../../lib/time/rules/cron.js';
import { IntervalRule } from '../../lib/time/rules/interval.js';
import { LimitedRule, withLimits } from '../../lib/time/rules/limits.js';
import { MonthdayRule } from '../../lib/time/rules/monthday.js';
import { OnceRule } from '../../lib/time/rules/once.js';
import type { Rule } from '../../lib/time/rules/rule.js';
import { WeekdayRule } from '../../lib/time/rules/weekday.js';
import { Zone } from '../../lib/time/zone.js';
import { mulberry32 } from './oracle-cases.js';

const ny = Zone.resolve('America/New_York');
const T = Date.UTC(2027, 0, 1);

const rules: Array<[string, Rule]> = [
  ['interval 90 s', IntervalRule.of(90_000)],
  ['once', new OnceRule(T + 5_000_000_000)],
  ['weekday Mon/Fri 02:30 New York', new WeekdayRule([1, 5], [2, 30, 0], ny)],
  ['monthday 31st and last day 01:30 New York', new MonthdayRule([31, -1], [1, 30, 0], ny)],
  ['cron */20 1-3 * * * New York', new CronRule(parseCron('*/20 1-3 * * *'), ny)],
  ['weekdays 09:00 within 08-12, March', new LimitedRule(new WeekdayRule([1, 2, 3, 4, 5], [9, 0, 0], ny), { activeWindow: { from: 8 * 3600, to: 12 * 3600 }, activeMonths: [3] }, ny)],
];

test('every rule answers strictly after, the same answer each time, and walks its instants in order', () => {
  const rnd = mulberry32(5);
  for (const [label, rule] of rules) {
    for (let i = 0; i < 200; i++) {
      const after = T + Math.floor(rnd() * 3e10);
      const next = rule.next(after);
      assert.is(rule.next(after), next, label);
      if (next === null) continue;
      assert.ok(next > after, `${label}: ${next} > ${after}`);
      // Nothing of the rule's lies strictly between `after` and `next` (an interval counts
      // from its argument instead, so its instants depend on where a chain starts).
      if (rule instanceof IntervalRule) continue;
      const mid = after + Math.floor((next - after) / 2);
      const fromMid = rule.next(mid);
      assert.ok(fromMid !== null && fromMid === next, `${label}: from ${mid}`);
    }
  }
});

test('a once rule gives its instant to anything earlier, then null', () => {
  const once = new OnceRule(T);
  assert.is(once.next(T - 1), T);
  assert.is(once.next(T), null);
});

test('interval rules are shared by length, and cron patterns by expression', () => {
  assert.is(IntervalRule.of(60_000), IntervalRule.of(60_000));
  assert.is(IntervalRule.of(60_000).next(T), T + 60_000);
  assert.is(IntervalRule.of(60_000).startingAt(T).next(T - 5), T);
  assert.is(IntervalRule.of(60_000).startingAt(T).next(T), T + 60_000);
  assert.is(parseCron('0 9 * * 1-5'), parseCron('0 9 * * 1-5'));
  assert.throws(() => IntervalRule.of(0), RangeError);
});

test('weekday and monthday rules report the days and time they were built with', () => {
  const weekly = new WeekdayRule([5, 1], [14, 30, 15], ny);
  assert.equal([weekly.weekdays, weekly.timeOnDay], [[1, 5], [14, 30, 15]]);
  const monthly = new MonthdayRule([-1, 15], [0, 0, 59], ny);
  assert.equal([monthly.monthdays, monthly.timeOnDay], [[-1, 15], [0, 0, 59]]);
});

test('withLimits wraps a rule only when there are limits; dates alone add instants', () => {
  const hourly = IntervalRule.of(3_600_000);
  assert.is(withLimits(hourly, undefined, ny), hourly);
  const extra = withLimits(hourly, { dates: [T + 1000] }, ny);
  assert.equal([extra.next(T), extra.next(T + 1000)], [T + 1000, T + 3_601_000]);
});

test.run();
