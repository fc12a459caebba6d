// Issue 11.4: `Task.nextRuns(n)` without `after` read the real clock, so under a ManualClock
// at 2030 it answered from today's date. It now asks the clock of the scheduler the task
// belongs to; a task in no scheduler has no "now" and needs `after`.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { IntervalTask } from '../../lib/tasks/interval-task.js';
import { harness, stopAll } from '../helpers.js';

const test = suite('nextRuns() without after uses the scheduler clock');
test.after.each(stopAll);

const AT_2030 = Date.UTC(2030, 5, 1, 8, 0, 0);

test('a scheduled task answers from its scheduler clock', () => {
  const { scheduler } = harness({ start: AT_2030 });
  const task = scheduler.addIntervalTask({ name: 'tick', interval: 60_000, action: () => {} });
  assert.equal(task.nextRuns(2), [new Date(AT_2030 + 60_000), new Date(AT_2030 + 120_000)]);
});

test('a task in no scheduler needs `after`: a TypeError naming it', () => {
  const task = new IntervalTask({ name: 'loose', interval: 60_000, action: () => {} });
  assert.throws(() => task.nextRuns(2), (error: unknown) => error instanceof TypeError && /`after`/.test(error.message));
  assert.equal(task.nextRuns(1, AT_2030), [new Date(AT_2030 + 60_000)]);
});

test('after cancel the task is in no scheduler again', () => {
  const { scheduler } = harness({ start: AT_2030 });
  const task = scheduler.addIntervalTask({ name: 'tick', interval: 60_000, action: () => {} });
  scheduler.cancel(task);
  assert.throws(() => task.nextRuns(1), TypeError);
});

test.run();
