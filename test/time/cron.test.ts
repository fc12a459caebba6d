import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CronRule, parseCron } from '../../lib/time/rules/cron.js';
import { Zone } from '../../lib/time/zone.js';

const utc = Zone.resolve('UTC');
const ny = Zone.resolve('America/New_York');
const iso = (t: number | null): string | null => (t === null ? null : new Date(t).toISOString());

/** The next `count` runs of `expression` after `from`, in `zone`. */
function runs(expression: string, from: number, count: number, zone = utc): Array<string | null> {
  const rule = parseCron(expression);
  const out: Array<string | null> = [];
  for (let t: number | null = from; out.length < count && t !== null;) {
    t = new CronRule(rule, zone).next(t);
    out.push(iso(t));
  }
  return out;
}

test('next runs are strictly after and jump field by field', () => {
  assert.equal(runs('30 14 * * 1,3,5', Date.UTC(2027, 2, 3, 14, 30), 2), ['2027-03-05T14:30:00.000Z', '2027-03-08T14:30:00.000Z']);
  assert.equal(runs('*/15 * * * *', Date.UTC(2027, 0, 1, 0, 7, 30), 2), ['2027-01-01T00:15:00.000Z', '2027-01-01T00:30:00.000Z']);
  assert.equal(runs('0 0 1 1 *', Date.UTC(2027, 0, 1), 1), ['2028-01-01T00:00:00.000Z']);
  assert.equal(runs('*/20 * * * * *', Date.UTC(2027, 0, 1, 0, 0, 59, 500), 1), ['2027-01-01T00:01:00.000Z']);
});

test('day of month and day of week match either when both are restricted (Vixie cron)', () => {
  // 1 February 2027 is a Monday; then Mondays, and the 1st of March.
  assert.equal(runs('0 12 1 * mon', Date.UTC(2027, 0, 31), 5), [
    '2027-02-01T12:00:00.000Z', '2027-02-08T12:00:00.000Z', '2027-02-15T12:00:00.000Z', '2027-02-22T12:00:00.000Z', '2027-03-01T12:00:00.000Z',
  ]);
  // With one field starting with *, both must match: odd days that are Mondays.
  assert.equal(runs('0 12 */2 * 1', Date.UTC(2027, 1, 1, 13), 2), ['2027-02-15T12:00:00.000Z', '2027-03-01T12:00:00.000Z']);
});

test('L, L-2, 15W, LW, 5L and 1#2 pick their days', () => {
  assert.equal(runs('0 12 L * *', Date.UTC(2028, 0, 31, 13), 2), ['2028-02-29T12:00:00.000Z', '2028-03-31T12:00:00.000Z']);
  assert.equal(runs('0 12 L-2 2 *', Date.UTC(2027, 0, 1), 1), ['2027-02-26T12:00:00.000Z']);
  // 15 May 2027 is a Saturday, 15 August 2027 a Sunday.
  assert.equal(runs('0 12 15W 5,8 *', Date.UTC(2027, 0, 1), 2), ['2027-05-14T12:00:00.000Z', '2027-08-16T12:00:00.000Z']);
  // 1 May 2027 is a Saturday: 1W stays in May, on Monday the 3rd. 31 October 2027 is a Sunday.
  assert.equal(runs('0 12 1W 5 *', Date.UTC(2027, 0, 1), 1), ['2027-05-03T12:00:00.000Z']);
  assert.equal(runs('0 12 LW 10 *', Date.UTC(2027, 0, 1), 1), ['2027-10-29T12:00:00.000Z']);
  assert.equal(runs('0 12 * * 5L', Date.UTC(2027, 0, 1), 2), ['2027-01-29T12:00:00.000Z', '2027-02-26T12:00:00.000Z']);
  assert.equal(runs('0 12 * * 1#2', Date.UTC(2027, 0, 1), 2), ['2027-01-11T12:00:00.000Z', '2027-02-08T12:00:00.000Z']);
});

test('an expression that can never match returns null after a bounded search', () => {
  const start = performance.now();
  assert.equal(runs('0 0 31 2 *', Date.UTC(2027, 0, 1), 1), [null]);
  assert.equal(runs('0 0 30 2 *', Date.UTC(2027, 0, 1), 1, ny), [null]);
  assert.ok(performance.now() - start < 200);
});

test('February 29 comes every four years, skipping 2100', () => {
  assert.equal(runs('0 0 29 2 *', Date.UTC(2096, 2, 1), 2), ['2104-02-29T00:00:00.000Z', '2108-02-29T00:00:00.000Z']);
});

test('New York spring 2027: a fixed-time 02:30 rule runs at 03:30 EDT', () => {
  assert.equal(runs('30 2 * * *', Date.UTC(2027, 2, 13, 12), 2, ny), ['2027-03-14T07:30:00.000Z', '2027-03-15T06:30:00.000Z']);
});

test('New York spring 2027: */15 steps over the missing hour without a hole', () => {
  assert.equal(runs('*/15 * * * *', Date.UTC(2027, 2, 14, 6, 30), 3, ny), ['2027-03-14T06:45:00.000Z', '2027-03-14T07:00:00.000Z', '2027-03-14T07:15:00.000Z']);
});

test('New York fall 2027: a fixed-time 01:30 rule runs once, at 01:30 EDT', () => {
  assert.equal(runs('30 1 * * *', Date.UTC(2027, 10, 7, 4), 2, ny), ['2027-11-07T05:30:00.000Z', '2027-11-08T06:30:00.000Z']);
});

test('New York fall 2027: */30 fires on both passes of the repeated hour', () => {
  assert.equal(runs('*/30 * * * *', Date.UTC(2027, 10, 7, 4, 50), 5, ny), [
    '2027-11-07T05:00:00.000Z', '2027-11-07T05:30:00.000Z', '2027-11-07T06:00:00.000Z', '2027-11-07T06:30:00.000Z', '2027-11-07T07:00:00.000Z',
  ]);
});

test('fixed-time times that land on one instant merge: 02:30 and 03:30 on the spring day run once', () => {
  assert.equal(runs('30 2,3 * * *', Date.UTC(2027, 2, 14, 5), 3, ny), ['2027-03-14T07:30:00.000Z', '2027-03-15T06:30:00.000Z', '2027-03-15T07:30:00.000Z']);
});

test('Berlin 2027: fixed-time rules shift in the gap and run once in the fold', () => {
  const berlin = Zone.resolve('Europe/Berlin');
  assert.equal(runs('30 2 * * *', Date.UTC(2027, 2, 27, 12), 1, berlin), ['2027-03-28T01:30:00.000Z']);
  assert.equal(runs('30 2 * * *', Date.UTC(2027, 9, 30, 12), 2, berlin), ['2027-10-31T00:30:00.000Z', '2027-11-01T01:30:00.000Z']);
  assert.equal(runs('30 * * * *', Date.UTC(2027, 9, 31, 0), 2, berlin), ['2027-10-31T00:30:00.000Z', '2027-10-31T01:30:00.000Z']);
});

test('Apia: an hourly rule runs straight through the skipped day', () => {
  assert.equal(runs('0 * * * *', Date.UTC(2011, 11, 30, 8, 30), 3, Zone.resolve('Pacific/Apia')), [
    '2011-12-30T09:00:00.000Z', '2011-12-30T10:00:00.000Z', '2011-12-30T11:00:00.000Z',
  ]);
});

test('the same rule in a fixed-offset zone runs at the offset wall time', () => {
  assert.equal(runs('0 9 * * *', Date.UTC(2027, 0, 1), 1, Zone.resolve('+05:30')), ['2027-01-01T03:30:00.000Z']);
});

test('a year field keeps the DST policy: fixed-time shifts in the gap, clock-following skips it', () => {
  assert.equal(runs('0 30 2 14 3 * 2027', Date.UTC(2027, 0, 1), 2, ny), ['2027-03-14T07:30:00.000Z', null]);
  assert.equal(runs('0 */30 2 14 3 * 2027,2028', Date.UTC(2027, 0, 1), 2, ny), ['2028-03-14T06:00:00.000Z', '2028-03-14T06:30:00.000Z']);
});

test('a year field is searched by jumping to allowed years only', () => {
  // 2200 and 2300 are not leap years; 2400 is. Nothing is walked in between.
  assert.equal(runs('0 0 0 29 2 * 2101-2103,2200,2300,2400', Date.UTC(2027, 0, 1), 2), ['2400-02-29T00:00:00.000Z', null]);
  assert.equal(runs('0 0 0 29 2 * 2101-2103,2200', Date.UTC(2027, 0, 1), 1), [null]);
  // The 100-year horizon counts allowed years: 31 February in 9970 years of them gives up.
  assert.equal(runs('0 0 0 31 2 * 2030-9999', Date.UTC(2027, 0, 1), 1, ny), [null]);
  assert.equal(runs('0 0 0 1 1 * 2020-2026', Date.UTC(2027, 0, 1), 1, ny), [null]);
});

test('+ ANDs the day fields; #L and ranges before # pick each weekday', () => {
  // 2027: the 13th falls on a Friday in August only.
  assert.equal(runs('0 12 13 * +fri', Date.UTC(2027, 0, 1), 2), ['2027-08-13T12:00:00.000Z', '2028-10-13T12:00:00.000Z']);
  assert.equal(runs('0 12 * * tue-wed#L', Date.UTC(2027, 0, 1), 3), ['2027-01-26T12:00:00.000Z', '2027-01-27T12:00:00.000Z', '2027-02-23T12:00:00.000Z']);
});

test.run();
