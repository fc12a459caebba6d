// Issue 9.12: instants outside the Date range (±8.64e15 ms) were accepted, then the missed
// warning threw `Invalid time value` and the task lost its schedule, or nextRunAt was an
// Invalid Date. They are rejected at the call with a RangeError naming the option.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { IntervalTask } from '../../lib/tasks/interval-task.js';
import { SingleTask } from '../../lib/tasks/single-task.js';
import { WeekdayTask } from '../../lib/tasks/day-tasks.js';
import { harness, stopAll } from '../helpers.js';
import { throwsNaming } from '../throws-naming.js';

test.after.each(stopAll);
const action = () => {};
const MAX = 8.64e15;

test('scheduleTaskAbs rejects -1e20 and 1e300 and keeps the edges of the range', () => {
  const { scheduler } = harness();
  throwsNaming(() => scheduler.scheduleTaskAbs(new SingleTask({ action, at: 1 }), -1e20), RangeError, 'at', /got `-100000000000000000000` \(number\)/);
  throwsNaming(() => scheduler.scheduleTaskAbs(new SingleTask({ action, at: 1 }), MAX + 1), RangeError, 'at');
  assert.equal(scheduler.tasks(), [], 'nothing registered by a rejected call');
  scheduler.scheduleTaskAbs(new SingleTask({ name: 'edge', action, at: 1 }), MAX);
  assert.equal(scheduler.tasks()[0]?.nextRunAt, new Date(MAX));
});

test('SingleTask at, dates, startDate and endDate outside the range are RangeErrors naming the option', () => {
  throwsNaming(() => new SingleTask({ action, at: 1e300 }), RangeError, 'at', /1e\+300/);
  throwsNaming(() => new SingleTask({ action, at: -MAX - 1 }), RangeError, 'at');
  throwsNaming(() => new IntervalTask({ action, interval: 1000, dates: [1e300] }), RangeError, 'dates', /1e\+300/);
  throwsNaming(() => new WeekdayTask({ action, weekdays: [1], timeOnDay: [9, 0], startDate: 1e300 }), RangeError, 'startDate');
  throwsNaming(() => new WeekdayTask({ action, weekdays: [1], timeOnDay: [9, 0], endDate: -1e20 }), RangeError, 'endDate');
  assert.is(new SingleTask({ action, at: -MAX }).at, -MAX);
});

test('an interval, initial delay or jitter longer than the Date range is a RangeError', () => {
  throwsNaming(() => new IntervalTask({ action, interval: 9e15 }), RangeError, 'interval', /9000000000000000/);
  throwsNaming(() => new IntervalTask({ action, interval: 1000, initialDelay: { weeks: 2e10 } }), RangeError, 'initialDelay');
  throwsNaming(() => new IntervalTask({ action, interval: 1000, jitter: 9e15 }), RangeError, 'jitter');
});

test('nextRunsBetween and scheduleTask check their instants and delay the same way', () => {
  const { scheduler } = harness();
  scheduler.addIntervalTask({ name: 'i', action, interval: 1000 });
  throwsNaming(() => scheduler.nextRunsBetween('i', -1e20, 0), RangeError, 'from');
  throwsNaming(() => scheduler.nextRunsBetween('i', 0, 1e300), RangeError, 'to');
  throwsNaming(() => scheduler.scheduleTask(new SingleTask({ action, at: 1 }), 9e15), RangeError, 'delay');
});

test.run();
