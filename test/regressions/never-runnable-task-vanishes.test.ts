// Issue 9.17: a task that can never run (endDate already past, or limits that never meet
// its rule) was returned by add as if scheduled and then silently left the registry.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { IntervalTask } from '../../lib/tasks/interval-task.js';
import { T0, harness, stopAll } from '../helpers.js';

const test = suite('a task that can never run is refused at add');
test.after.each(stopAll);

const action = () => {};

function rangeError(pattern: RegExp) {
  return (e: unknown) => e instanceof RangeError && pattern.test((e as Error).message);
}

test('an endDate already past throws a RangeError naming the task and the endDate', () => {
  const { scheduler } = harness();
  assert.throws(
    () => scheduler.addIntervalTask({ name: 'late', interval: 1000, endDate: T0 - 1, action }),
    rangeError(/^Task "late" can never run: its endDate \(2027-01-04T11:59:59\.999Z\) is already past$/),
  );
  assert.equal(scheduler.tasks(), []);
  scheduler.start();
  assert.throws(() => scheduler.addCronTask({ name: 'c', cron: '* * * * *', endDate: T0 - 60_000, action }), rangeError(/Task "c" can never run/));
  assert.equal(scheduler.tasks(), []);
});

test('limits disjoint from the rule throw a RangeError naming the task', () => {
  const { scheduler } = harness();
  assert.throws(
    () => scheduler.addWeekdayTask({ name: 'w', weekdays: [1], timeOnDay: '09:00', activeWeekdays: [2], timeZone: 'UTC', action }),
    rangeError(/^Task "w" can never run: its limits allow none of its runs after 2027-01-04T12:00:00\.000Z$/),
  );
  assert.equal(scheduler.tasks(), []);
});

test('a refused task with replace: true leaves the task it would replace in place', () => {
  const { scheduler } = harness();
  scheduler.addIntervalTask({ name: 'x', interval: 1000, action });
  assert.throws(() => scheduler.add(new IntervalTask({ name: 'x', interval: 1000, endDate: T0 - 1, replace: true, action })), RangeError);
  assert.equal(scheduler.tasks().map((t) => t.name), ['x']);
});

test('a disabled task that can never run is refused too', () => {
  const { scheduler } = harness();
  assert.throws(() => scheduler.addIntervalTask({ name: 'd', interval: 1000, endDate: T0 - 1, enabled: false, action }), RangeError);
  assert.equal(scheduler.tasks(), []);
});

test.run();
