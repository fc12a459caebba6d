import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MonthdayRule } from '../../lib/time/rules/monthday.js';
import { WeekdayRule } from '../../lib/time/rules/weekday.js';
import { Zone } from '../../lib/time/zone.js';

const iso = (t: number | null): string | null => (t === null ? null : new Date(t).toISOString());
const utc = Zone.resolve('UTC');
const ny = Zone.resolve('America/New_York');
const berlin = Zone.resolve('Europe/Berlin');
const SUNDAY = 7;

test('a weekday task runs at the next matching local date and time, strictly after', () => {
  const monWedFri = [1, 3, 5];
  // 2027-03-03 is a Wednesday.
  assert.is(iso(new WeekdayRule(monWedFri, [14, 30, 0], utc).next(Date.UTC(2027, 2, 3, 14, 29))), '2027-03-03T14:30:00.000Z');
  assert.is(iso(new WeekdayRule(monWedFri, [14, 30, 0], utc).next(Date.UTC(2027, 2, 3, 14, 30))), '2027-03-05T14:30:00.000Z');
  // 1 ms before the time: the time itself is the next run, the same day.
  assert.is(iso(new WeekdayRule(monWedFri, [14, 30, 0], utc).next(Date.UTC(2027, 2, 3, 14, 29, 59, 999))), '2027-03-03T14:30:00.000Z');
  assert.is(iso(new MonthdayRule([3], [14, 30, 0], utc).next(Date.UTC(2027, 2, 3, 14, 29, 59, 999))), '2027-03-03T14:30:00.000Z');
  assert.is(iso(new WeekdayRule(monWedFri, [14, 30, 0], utc).next(Date.UTC(2027, 2, 5, 20))), '2027-03-08T14:30:00.000Z');
});

test('a run that finishes late is never pushed a day: the next run counts from the scheduled time', () => {
  const scheduled = Date.UTC(2027, 2, 3, 14, 30);
  assert.is(iso(new WeekdayRule([1, 2, 3, 4, 5, 6, 7], [14, 30, 0], utc).next(scheduled)), '2027-03-04T14:30:00.000Z');
});

test('a New York weekday time in the spring gap runs shifted forward: 02:30 → 03:30 EDT', () => {
  const next = new WeekdayRule([SUNDAY], [2, 30, 0], ny).next(Date.UTC(2027, 2, 13));
  assert.is(iso(next), '2027-03-14T07:30:00.000Z');
  assert.is(iso(new WeekdayRule([SUNDAY], [2, 30, 0], ny).next(next as number)), '2027-03-21T06:30:00.000Z');
});

test('a New York weekday time in the fall fold runs once, at the EDT instant', () => {
  const first = new WeekdayRule([SUNDAY], [1, 30, 0], ny).next(Date.UTC(2027, 10, 6));
  assert.is(iso(first), '2027-11-07T05:30:00.000Z');
  // Asked from inside the repeated hour, the second pass is not a new run.
  assert.is(iso(new WeekdayRule([SUNDAY], [1, 30, 0], ny).next(first as number)), '2027-11-14T06:30:00.000Z');
  assert.is(iso(new WeekdayRule([SUNDAY], [1, 30, 0], ny).next(Date.UTC(2027, 10, 7, 6, 15))), '2027-11-14T06:30:00.000Z');
});

test('Berlin 28 March and 31 October 2027: gap shifted forward, fold once', () => {
  assert.is(iso(new WeekdayRule([SUNDAY], [2, 30, 0], berlin).next(Date.UTC(2027, 2, 27))), '2027-03-28T01:30:00.000Z');
  assert.is(iso(new WeekdayRule([SUNDAY], [2, 30, 0], berlin).next(Date.UTC(2027, 9, 30))), '2027-10-31T00:30:00.000Z');
  assert.is(iso(new WeekdayRule([SUNDAY], [2, 30, 0], berlin).next(Date.UTC(2027, 9, 31, 0, 30))), '2027-11-07T01:30:00.000Z');
});

test('Lord Howe: a time in the 30-minute gap moves 30 minutes; the fold runs once', () => {
  const lordHowe = Zone.resolve('Australia/Lord_Howe');
  assert.is(iso(new WeekdayRule([SUNDAY], [2, 15, 0], lordHowe).next(Date.UTC(2027, 9, 1))), '2027-10-02T15:45:00.000Z');
  const fold = new WeekdayRule([SUNDAY], [1, 45, 0], lordHowe).next(Date.UTC(2027, 3, 2));
  assert.is(iso(fold), '2027-04-03T14:45:00.000Z');
  assert.is(iso(new WeekdayRule([SUNDAY], [1, 45, 0], lordHowe).next(fold as number)), '2027-04-10T15:15:00.000Z');
});

test('Apia skipped Friday 30 December 2011: a Friday task runs on Saturday the 31st instead', () => {
  const apia = Zone.resolve('Pacific/Apia');
  assert.is(iso(new WeekdayRule([5], [10, 0, 0], apia).next(Date.UTC(2011, 11, 29, 21))), '2011-12-30T20:00:00.000Z');
  // A daily task's missing day and the next day land on one instant: they merge into one run.
  const everyDay = [1, 2, 3, 4, 5, 6, 7];
  const runs = [Date.UTC(2011, 11, 29)];
  for (let i = 0; i < 3; i++) runs.push(new WeekdayRule(everyDay, [10, 0, 0], apia).next(runs[i] as number) as number);
  assert.equal(runs.slice(1).map(iso), ['2011-12-29T20:00:00.000Z', '2011-12-30T20:00:00.000Z', '2011-12-31T20:00:00.000Z']);
});

test('a 31st-of-month task skips April', () => {
  assert.is(iso(new MonthdayRule([31], [9, 0, 0], utc).next(Date.UTC(2027, 2, 31, 10))), '2027-05-31T09:00:00.000Z');
});

test('the 29th of February runs only in leap years', () => {
  assert.is(iso(new MonthdayRule([29], [9, 0, 0], utc).next(Date.UTC(2027, 1, 1))), '2027-03-29T09:00:00.000Z');
  assert.is(iso(new MonthdayRule([29], [9, 0, 0], utc).next(Date.UTC(2028, 1, 1))), '2028-02-29T09:00:00.000Z');
});

test('-1 is the last day of each month and -31 exists only in 31-day months', () => {
  const lastDays = [Date.UTC(2028, 0, 31, 12)];
  for (let i = 0; i < 3; i++) lastDays.push(new MonthdayRule([-1], [9, 0, 0], utc).next(lastDays[i] as number) as number);
  assert.equal(lastDays.slice(1).map(iso), ['2028-02-29T09:00:00.000Z', '2028-03-31T09:00:00.000Z', '2028-04-30T09:00:00.000Z']);
  assert.is(iso(new MonthdayRule([-31], [9, 0, 0], utc).next(Date.UTC(2027, 2, 2))), '2027-05-01T09:00:00.000Z');
});

test('monthday times use the zone wall clock', () => {
  assert.is(iso(new MonthdayRule([1, 15], [0, 0, 0], Zone.resolve('+05:30')).next(Date.UTC(2027, 0, 1))), '2027-01-14T18:30:00.000Z');
});

test('day rules reject empty or invalid day lists rather than searching forever', () => {
  assert.throws(() => new WeekdayRule([], [9, 0, 0], utc).next(0), RangeError);
  assert.throws(() => new MonthdayRule([0], [9, 0, 0], utc).next(0), RangeError);
});

test.run();
