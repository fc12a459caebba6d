// Day tasks in the process's own zone: run under TZ=America/New_York, Europe/Berlin and UTC
// by `npm test`. Each zone's cases run when the process is in that zone.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { MonthdayTask, WeekdayTask } from '../../lib/tasks/day-tasks.js';
import { harness, stopAll } from '../helpers.js';

const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
const test = suite(`day tasks in the process zone (${zone})`);
test.after.each(stopAll);

const ALL_DAYS = [1, 2, 3, 4, 5, 6, 7];

/** Runs a scheduler from `from` to `to` and returns the instants the task started, as ISO strings. */
async function fired(options: { weekdays?: number[]; monthdays?: number[]; timeOnDay: [number, number] }, from: string, to: string): Promise<string[]> {
  const { clock, scheduler } = harness({ start: new Date(from) });
  const at: string[] = [];
  const action = () => at.push(new Date(clock.now()).toISOString());
  if (options.weekdays) scheduler.addWeekdayTask({ name: 'd', weekdays: options.weekdays, timeOnDay: options.timeOnDay, action });
  else scheduler.addMonthdayTask({ name: 'd', monthdays: options.monthdays ?? [1], timeOnDay: options.timeOnDay, action });
  scheduler.start();
  await clock.advanceTo(new Date(to));
  return at;
}

if (zone === 'America/New_York') {
  test('spring forward 2027: a daily 02:30 runs at 03:30 EDT on 14 March, and 02:30 on the days around it', async () => {
    assert.equal(await fired({ weekdays: ALL_DAYS, timeOnDay: [2, 30] }, '2027-03-13T00:00:00Z', '2027-03-15T12:00:00Z'), [
      '2027-03-13T07:30:00.000Z',
      '2027-03-14T07:30:00.000Z',
      '2027-03-15T06:30:00.000Z',
    ]);
  });

  test('a daily 09:00 stays at 09:00 local across the change (Kronos slipped an hour)', async () => {
    assert.equal(await fired({ weekdays: ALL_DAYS, timeOnDay: [9, 0] }, '2027-03-13T00:00:00Z', '2027-03-15T15:00:00Z'), [
      '2027-03-13T14:00:00.000Z',
      '2027-03-14T13:00:00.000Z',
      '2027-03-15T13:00:00.000Z',
    ]);
  });

  test('fall back 2027: a Sunday-only 01:30 task runs once on the fold day, at the first 01:30 (EDT)', async () => {
    assert.equal(await fired({ weekdays: [7], timeOnDay: [1, 30] }, '2027-11-06T12:00:00Z', '2027-11-07T12:00:00Z'), ['2027-11-07T05:30:00.000Z']);
  });
}

if (zone === 'Europe/Berlin') {
  test('spring forward 2027: a daily 02:30 runs at 03:30 CEST on 28 March', async () => {
    assert.equal(await fired({ weekdays: ALL_DAYS, timeOnDay: [2, 30] }, '2027-03-27T00:00:00Z', '2027-03-29T12:00:00Z'), [
      '2027-03-27T01:30:00.000Z',
      '2027-03-28T01:30:00.000Z',
      '2027-03-29T00:30:00.000Z',
    ]);
  });

  test('fall back 2027: a Sunday-only 02:30 task runs once on 31 October, at the first 02:30 (CEST)', async () => {
    assert.equal(await fired({ weekdays: [7], timeOnDay: [2, 30] }, '2027-10-30T12:00:00Z', '2027-10-31T12:00:00Z'), ['2027-10-31T00:30:00.000Z']);
  });
}

test('a 31st-of-month task skips April (and any month without a 31st)', () => {
  const task = new MonthdayTask({ monthdays: [31], timeOnDay: [9, 0], action: () => {} });
  const runs = task.nextRuns(4, new Date(2027, 2, 30)).map((d) => [d.getMonth() + 1, d.getDate(), d.getHours()]);
  assert.equal(runs, [[3, 31, 9], [5, 31, 9], [7, 31, 9], [8, 31, 9]]);
});

test('-1 is the last day of each month, February included', () => {
  const task = new MonthdayTask({ monthdays: [-1], timeOnDay: [12, 0], action: () => {} });
  const runs = task.nextRuns(3, new Date(2028, 0, 15)).map((d) => [d.getMonth() + 1, d.getDate()]);
  assert.equal(runs, [[1, 31], [2, 29], [3, 31]]);
});

test('nextRuns(n) equals the sequence the scheduler actually fires (weekday and monthday)', async () => {
  const from = '2027-03-01T00:00:00Z';
  const to = '2027-04-30T00:00:00Z';
  const weekday = new WeekdayTask({ weekdays: [1, 3, 5], timeOnDay: [14, 30], action: () => {} });
  const expectedWeekday = weekday.nextRuns(100, new Date(from)).filter((d) => d < new Date(to)).map((d) => d.toISOString());
  assert.equal(await fired({ weekdays: [1, 3, 5], timeOnDay: [14, 30] }, from, to), expectedWeekday);
  const monthday = new MonthdayTask({ monthdays: [1, 15, -1], timeOnDay: [0, 5], action: () => {} });
  const expectedMonthday = monthday.nextRuns(100, new Date(from)).filter((d) => d < new Date(to)).map((d) => d.toISOString());
  assert.equal(await fired({ monthdays: [1, 15, -1], timeOnDay: [0, 5] }, from, to), expectedMonthday);
});

test.run();
