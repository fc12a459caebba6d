// Issue 9.17: a bad `startDate` on a monthday task was accepted when the task was made, and
// the first nextRun then failed blaming `monthdays` or `epochMs`. It is refused at once,
// naming `startDate`.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MonthdayTask } from '../../lib/tasks/day-tasks.js';
import { harness, stopAll } from '../helpers.js';
import { throwsNaming } from '../throws-naming.js';

test.after.each(stopAll);
const action = () => {};

test('startDate 1e300 or -1e20 on a monthday task names startDate, not monthdays', () => {
  for (const startDate of [1e300, -1e20, new Date(8.64e15 + 1)]) {
    throwsNaming(() => new MonthdayTask({ action, monthdays: [1, -1], timeOnDay: [9, 0], startDate }), startDate instanceof Date ? TypeError : RangeError, 'startDate');
  }
  const { scheduler } = harness();
  throwsNaming(() => scheduler.addMonthdayTask({ name: 'm', action, monthdays: [1], timeOnDay: [9, 0], startDate: 1e300 }), RangeError, 'startDate');
  assert.equal(scheduler.tasks(), []);
});

test('a far but valid startDate is accepted', () => {
  const task = new MonthdayTask({ action, monthdays: [1], timeOnDay: [9, 0], timeZone: 'UTC', startDate: Date.UTC(2100, 0, 2) });
  assert.equal(task.nextRuns(1, new Date(Date.UTC(2027, 0, 1))), [new Date(Date.UTC(2100, 1, 1, 9))]);
});

test.run();
