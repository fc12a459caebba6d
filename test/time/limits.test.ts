import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CronRule, parseCron } from '../../lib/time/rules/cron.js';
import { WeekdayRule } from '../../lib/time/rules/weekday.js';
import { LimitedRule, isAllowed, nextAllowed, normalizeLimits, type Limits } from '../../lib/time/rules/limits.js';
import { Zone } from '../../lib/time/zone.js';

const utc = Zone.resolve('UTC');
const ny = Zone.resolve('America/New_York');
const iso = (t: number | null): string | null => (t === null ? null : new Date(t).toISOString());
const HOUR = 3600;

test('a daily window allows [from, to) of local time, and can cross midnight', () => {
  const office: Limits = { activeWindow: { from: 9 * HOUR, to: 17 * HOUR } };
  assert.ok(isAllowed(office, Date.UTC(2027, 0, 4, 9), utc));
  assert.not.ok(isAllowed(office, Date.UTC(2027, 0, 4, 17), utc));
  const night: Limits = { activeWindow: { from: 22 * HOUR, to: 6 * HOUR } };
  assert.ok(isAllowed(night, Date.UTC(2027, 0, 4, 23), utc));
  assert.ok(isAllowed(night, Date.UTC(2027, 0, 4, 5, 59), utc));
  assert.not.ok(isAllowed(night, Date.UTC(2027, 0, 4, 12), utc));
  assert.is(iso(nextAllowed(night, Date.UTC(2027, 0, 4, 12), utc)), '2027-01-04T22:00:00.000Z');
});

test('startDate and endDate are inclusive to the millisecond', () => {
  const start = Date.UTC(2027, 0, 4, 9);
  const end = Date.UTC(2027, 0, 4, 17);
  const range: Limits = { startDate: start, endDate: end };
  assert.equal([start - 1, start, end, end + 1].map((t) => isAllowed(range, t, utc)), [false, true, true, false]);
  assert.is(nextAllowed(range, end, utc), end);
  assert.is(nextAllowed(range, end + 1, utc), null);
  assert.is(nextAllowed(range, start - 5000, utc), start);
});

test('dates, weekdays, month days and months restrict on the local date', () => {
  const limits: Limits = { activeWeekdays: [1], activeMonths: [3], startDate: Date.UTC(2027, 0, 1), endDate: Date.UTC(2027, 11, 31) };
  assert.is(iso(nextAllowed(limits, Date.UTC(2027, 0, 1), utc)), '2027-03-01T00:00:00.000Z');
  assert.is(iso(nextAllowed(limits, Date.UTC(2027, 2, 1, 12), utc)), '2027-03-01T12:00:00.000Z');
  assert.is(iso(nextAllowed(limits, Date.UTC(2027, 2, 2), utc)), '2027-03-08T00:00:00.000Z');
  assert.is(nextAllowed(limits, Date.UTC(2027, 3, 1), utc), null);
  assert.is(iso(nextAllowed({ activeMonthdays: [-1] }, Date.UTC(2028, 1, 3), utc)), '2028-02-29T00:00:00.000Z');
  assert.is(iso(nextAllowed({ startDate: Date.UTC(2030, 0, 1) }, 0, utc)), '2030-01-01T00:00:00.000Z');
});

test('limits that can never hold give null, not a hang', () => {
  assert.is(nextAllowed({ activeMonths: [2], activeMonthdays: [30] }, 0, utc), null);
});

test('a window opening inside the spring gap opens when the clock lands after it', () => {
  const limits: Limits = { activeWindow: { from: 2 * HOUR + 1800, to: 5 * HOUR } };
  assert.is(iso(nextAllowed(limits, Date.UTC(2027, 2, 14, 5), ny)), '2027-03-14T07:00:00.000Z');
});

test('an interval-like rule under a 9-17 window runs at the window start, not minutes later', () => {
  const every15 = parseCron('*/15 * * * *');
  const limits: Limits = { activeWindow: { from: 9 * HOUR, to: 17 * HOUR }, activeWeekdays: [1, 2, 3, 4, 5] };
  const rule = new LimitedRule(new CronRule(every15, ny), limits, ny);
  // Friday 16:50 EST → Monday 09:00 EST.
  assert.is(iso(rule.next(Date.UTC(2027, 0, 8, 21, 50))), '2027-01-11T14:00:00.000Z');
  assert.is(iso(rule.next(Date.UTC(2027, 0, 11, 14, 0))), '2027-01-11T14:15:00.000Z');
});

test('a rule and limits that never meet give null after a bounded number of jumps', () => {
  const mondays = new WeekdayRule([1], [10, 0, 0], utc);
  assert.is(new LimitedRule(mondays, { activeWeekdays: [2] }, utc, false, 50).next(0), null);
  assert.is(new LimitedRule(mondays, { endDate: Date.UTC(1970, 0, 2) }, utc).next(0), null);
});

test('normalizeLimits accepts dates, times of day and day lists, and names what is wrong', () => {
  assert.equal(normalizeLimits({ startDate: new Date(Date.UTC(2027, 0, 1)), activeWindow: { from: '09:00', to: [17, 30] }, activeWeekdays: [5, 1, 1] }), {
    startDate: Date.UTC(2027, 0, 1), activeWindow: { from: 9 * HOUR, to: 17.5 * HOUR }, activeWeekdays: [1, 5],
  });
  assert.throws(() => normalizeLimits({ activeWeekdays: [0] }), (e: unknown) => e instanceof RangeError && /`activeWeekdays`/.test((e as Error).message));
  assert.throws(() => normalizeLimits({ activeMonths: [13] }), RangeError);
  assert.throws(() => normalizeLimits({ activeWindow: { from: '09:00', to: '09:00' } }), /`activeWindow`/);
  assert.throws(() => normalizeLimits({ activeDays: [1] }), (e: unknown) => e instanceof TypeError && /`limits.activeDays`/.test((e as Error).message));
  assert.throws(() => normalizeLimits({ startDate: 'tomorrow' }), /`startDate`/);
  assert.throws(() => normalizeLimits({ startDate: 10, endDate: 5 }), /`endDate`/);
  // endDate may equal startDate: a range of one instant, which allows that instant.
  const instant = normalizeLimits({ startDate: 10, endDate: 10 });
  assert.equal(instant, { startDate: 10, endDate: 10 });
  assert.is(nextAllowed(instant, 0, utc), 10);
});

test.run();
