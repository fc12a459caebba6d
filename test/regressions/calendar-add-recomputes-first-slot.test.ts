// Issue 14 (W8 reminders): adding a calendar task searched the calendar for its first slot
// every time, although a million reminders added within seconds of each other ask the same
// few thousand shared rules the same question (a daily rule's next run after t is the same
// for every t up to that run); and a task with `timeZone` resolved its zone twice (once as a
// limit option nothing else was limiting, once for its rule). A rule now remembers its last
// answer and the span it holds for, and a calendar task's own `timeZone` is read once.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CronPattern } from '../../lib/time/rules/cron-pattern.js';
import { WeekdayRule } from '../../lib/time/rules/weekday.js';
import { Zone } from '../../lib/time/zone.js';
import { CronTask } from '../../lib/tasks/cron-task.js';
import { WeekdayTask } from '../../lib/tasks/day-tasks.js';
import { harness, stopAll, T0 } from '../helpers.js';

test.after.each(stopAll);

const action = () => {};

/** Counts calls of `proto[method]` while `body` runs, then restores it. */
function countCalls(proto: object, method: string, body: () => void): number {
  const target = proto as Record<string, (...args: unknown[]) => unknown>;
  const original = target[method] as (...args: unknown[]) => unknown;
  let calls = 0;
  target[method] = function (this: unknown, ...args: unknown[]) {
    calls++;
    return original.apply(this, args);
  };
  try {
    body();
  } finally {
    target[method] = original;
  }
  return calls;
}

test('a thousand cron reminders with one expression and zone, added a millisecond apart, search the calendar once', () => {
  const { scheduler, clock } = harness();
  // 09:30 in Paris (UTC+1 in January) on 2027-01-05: T0 is noon UTC on the 4th.
  const first = Date.UTC(2027, 0, 5, 8, 30);
  scheduler.addCronTask({ name: 'r-0', cron: '30 9 * * *', timeZone: 'Europe/Paris', action });
  const calls = countCalls(CronPattern.prototype, 'first', () => {
    for (let i = 1; i < 1000; i++) {
      clock.set(T0 + i);
      scheduler.addCronTask({ name: `r-${i}`, cron: '30 9 * * *', timeZone: 'Europe/Paris', action });
    }
  });
  assert.is(calls, 0);
  for (const i of [0, 1, 500, 999]) assert.equal(scheduler.getTask(`r-${i}`)?.nextRuns(2, T0 + 999), [new Date(first), new Date(first + 86_400_000)]);
});

test('a thousand weekday reminders with one definition search the calendar once', () => {
  const { scheduler, clock } = harness();
  // 09:30 in New York (UTC-5) on Monday 2027-01-04 is 14:30 UTC, after T0 (noon UTC).
  const first = Date.UTC(2027, 0, 4, 14, 30);
  const add = (i: number) => scheduler.addWeekdayTask({ name: `w-${i}`, weekdays: [1, 2, 3, 4, 5], timeOnDay: [9, 30], timeZone: 'America/New_York', action });
  add(0);
  const calls = countCalls(WeekdayRule.prototype, 'first', () => {
    for (let i = 1; i < 1000; i++) {
      clock.set(T0 + i);
      add(i);
    }
  });
  assert.is(calls, 0);
  for (const i of [0, 999]) assert.equal(scheduler.getTask(`w-${i}`)?.nextRuns(1, T0 + 999), [new Date(first)]);
});

test('the remembered answer is not given for an instant at or past it, nor before the instant it was asked for', () => {
  const task = new CronTask({ action, cron: '0 12 * * *', timeZone: 'UTC' });
  const noon = Date.UTC(2027, 0, 5, 12);
  assert.is(task.nextRunAt(noon - 3_600_000), noon);
  assert.is(task.nextRunAt(noon - 1), noon);
  assert.is(task.nextRunAt(noon), noon + 86_400_000);
  assert.is(task.nextRunAt(noon - 3_600_000), noon);
  assert.is(task.nextRunAt(noon - 86_400_000), noon);
  assert.is(task.nextRunAt(noon - 86_400_000 - 1), noon - 86_400_000);
});

test("a calendar task's own timeZone is resolved once", () => {
  for (const make of [
    () => new CronTask({ action, cron: '30 9 * * *', timeZone: 'Asia/Tokyo' }),
    () => new WeekdayTask({ action, weekdays: [1], timeOnDay: [9, 30], timeZone: 'Asia/Tokyo' }),
  ]) {
    const resolve = Zone.resolve;
    let calls = 0;
    Zone.resolve = (...args: Parameters<typeof Zone.resolve>) => {
      calls++;
      return resolve.apply(Zone, args);
    };
    try {
      make();
    } finally {
      Zone.resolve = resolve;
    }
    assert.is(calls, 1);
  }
});

test('a bad timeZone on a calendar task still fails at the call, naming the option', () => {
  assert.throws(() => new CronTask({ action, cron: '30 9 * * *', timeZone: 'Mars/Olympus' }), (e: Error) => e instanceof RangeError && /`timeZone`/.test(e.message));
  assert.throws(() => new WeekdayTask({ action, weekdays: [1], timeOnDay: [9, 30], timeZone: 'Mars/Olympus' }), (e: Error) => e instanceof RangeError && /`timeZone`/.test(e.message));
  assert.throws(() => new CronTask({ action, cron: '30 9 * * *', timeZone: 42 as unknown as string }), (e: Error) => e instanceof TypeError && /`timeZone`/.test(e.message));
  // With the rule's own option also wrong, `timeZone` (a common option) is still reported first.
  for (const cron of ['61 9 * * *', '30 9 * * *', 7 as unknown as string]) {
    assert.throws(() => new CronTask({ action, cron, timeZone: 'Mars/Olympus' }), (e: Error) => e instanceof RangeError && /`timeZone`/.test(e.message));
  }
  assert.throws(() => new WeekdayTask({ action, weekdays: [9], timeOnDay: [25, 0], timeZone: 'Mars/Olympus' }), (e: Error) => e instanceof RangeError && /`timeZone`/.test(e.message));
});

test.run();
