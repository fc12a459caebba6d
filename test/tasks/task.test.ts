import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { RescheduleError } from '../../lib/errors.js';
import { IntervalTask } from '../../lib/tasks/interval-task.js';
import { SingleTask } from '../../lib/tasks/single-task.js';
import { Task, nextRunOf } from '../../lib/tasks/task.js';
import { T0, harness, stopAll } from '../helpers.js';
import { recordOf } from '../../lib/scheduler/task-record.js';
import type { Task as AnyTask } from '../../lib/tasks/task.js';

/** What the scheduler knows about a task (its record), for reads the TaskInfo does not carry. */
const stateOf = (task: AnyTask | undefined) => (task === undefined ? undefined : recordOf(task) ?? undefined);

const test = suite('Task contract');
test.after.each(stopAll);

/** Every 10 s of the wall clock, written against the Date API (as a user would). */
class TenSeconds extends Task {
  override nextRun(after: Date): Date {
    return new Date(Math.floor(after.getTime() / 10_000) * 10_000 + 10_000);
  }
}

class NoRule extends Task {}

test('nextRun (Date API) and nextRunAt (ms API) are interchangeable for the scheduler', () => {
  const task = new TenSeconds({ action: () => {} });
  assert.is(nextRunOf(task, T0 + 1), T0 + 10_000);
  assert.equal(task.nextRuns(3, new Date(T0)), [new Date(T0 + 10_000), new Date(T0 + 20_000), new Date(T0 + 30_000)]);
  assert.equal(task.nextRuns(0, T0), []);
  const interval = new IntervalTask({ action: () => {}, interval: 500 });
  assert.equal(interval.nextRun(new Date(T0)), new Date(T0 + 500));
});

test('a Task with no rule says which method to override', () => {
  assert.throws(() => nextRunOf(new NoRule({ action: () => {} }), T0), /NoRule must override nextRun\(after\) or nextRunAt\(after\)/);
});

test('a nextRun returning garbage is a RescheduleError', () => {
  class Garbage extends Task {
    override nextRun(): Date {
      return new Date(Number.NaN);
    }
  }
  assert.throws(() => nextRunOf(new Garbage({ action: () => {} }), T0), (e: unknown) => e instanceof RescheduleError);
});

test('generic slotAfter walks the task\'s own sequence, and jumps for far targets', () => {
  const task = new TenSeconds({ action: () => {} });
  assert.is(task.slotAfter(T0, T0 + 25_000), T0 + 30_000);
  assert.is(task.slotAfter(T0 + 50_000, T0), T0 + 50_000);
  assert.is(task.slotAfter(T0, T0 + 86_400_000 * 10 + 5), T0 + 86_400_000 * 10 + 10_000);
});

test('generic lateSlots counts up to the limit and still finds the latest slot exactly', () => {
  const task = new TenSeconds({ action: () => {} });
  assert.equal(task.lateSlots(T0, T0 + 35_000, 100), { count: 4, last: T0 + 30_000, truncated: false });
  assert.equal(task.lateSlots(T0, T0 + 86_400_000, 100), { count: 100, last: T0 + 86_400_000, truncated: true });
});

test('interval lateSlots and slotAfter are arithmetic', () => {
  const task = new IntervalTask({ action: () => {}, interval: 1000 });
  assert.equal(task.lateSlots(0, 10_000_000_000, 10_000), { count: 10_000, last: 10_000_000_000, truncated: true });
  assert.equal(task.lateSlots(5000, 4000, 10), { count: 0, last: 5000, truncated: false });
  assert.is(task.slotAfter(0, 2500), 3000);
  // Exact counts: the anchor itself is a late slot, and a slot exactly at `until` counts.
  assert.equal(task.lateSlots(0, 0, 10), { count: 1, last: 0, truncated: false });
  assert.equal(task.lateSlots(0, 2500, 10), { count: 3, last: 2000, truncated: false });
  assert.equal(task.lateSlots(0, 3000, 10), { count: 4, last: 3000, truncated: false });
  assert.equal(task.lateSlots(0, 2000, 3), { count: 3, last: 2000, truncated: false });
  assert.equal(task.lateSlots(0, 3000, 3), { count: 3, last: 3000, truncated: true });
});

test('a single task has one slot: `at` for any time before it, none from `at` on', () => {
  const task = new SingleTask({ action: () => {}, at: T0 });
  assert.is(nextRunOf(task, T0 - 1), T0);
  assert.is(nextRunOf(task, T0), null);
  assert.is(nextRunOf(task, T0 + 1), null);
  assert.equal(task.nextRuns(5, T0 - 10_000).map((d) => d.getTime()), [T0]);
});

test('TaskInfo reports runs and failures apart', async () => {
  const { clock, scheduler } = harness();
  let n = 0;
  const task = scheduler.addIntervalTask({ name: 'flaky', interval: 1000, action: () => {
    if (n++ % 3 === 0) throw new Error('every third run fails');
  } });
  scheduler.start();
  await clock.advance(4000);
  assert.is(task.name, 'flaky');
  assert.equal(scheduler.tasks().map((t) => [t.runs, t.failures]), [[5, 2]]);
});

test('a custom task runs on its own rule under the scheduler', async () => {
  const { clock, scheduler } = harness();
  const at: number[] = [];
  scheduler.add(new TenSeconds({ name: 'ten', action: () => at.push(clock.now() - T0) }));
  scheduler.start();
  await clock.advance(30_000);
  assert.equal(at, [0, 10_000, 20_000, 30_000], 'the first slot is nextRun(now - 1 ms): now itself matches');
});

test('a timeout frees the slot and reports TaskTimeoutError even when the action ignores its signal', async () => {
  const { clock, scheduler, record } = harness();
  let starts = 0;
  scheduler.addIntervalTask({ name: 'hangs', interval: 1000, timeout: 300, action: () => { starts++; return new Promise(() => {}); } });
  scheduler.start();
  await clock.advance(2000);
  assert.is(starts, 3, 'each run started: the timed-out ones freed their instance');
  const errors = record.of('error') as Array<{ error: Error }>;
  assert.is(errors.length, 2);
  assert.is(errors[0]?.error.name, 'TaskTimeoutError');
  assert.match(errors[0]?.error.message ?? '', /did not finish within its timeout of 300 ms/);
  assert.is(stateOf(scheduler.getTask('hangs'))?.lastOutcome?.status, 'timeout');
  assert.equal(record.of('skip'), []);
});

test('a timed-out run\'s signal is aborted with the TaskTimeoutError', async () => {
  const { clock, scheduler } = harness();
  let reason: unknown;
  scheduler.addSingleTask({
    name: 't',
    at: T0 + 1,
    timeout: { seconds: 1 },
    around: (run, next) => {
      run.signal.addEventListener('abort', () => (reason = run.signal.reason));
      return next();
    },
    action: () => new Promise(() => {}),
  });
  scheduler.start();
  await clock.advance(1001);
  assert.is((reason as Error).name, 'TaskTimeoutError');
});

// Issue 10.9: this test asserted a warning *as well as* the skip event; a `skip` listener now
// takes over the warning (as for `error` and `missed`), so the warning is checked without one.
test('a skipped run logs a warning when nobody listens for skip, and only the event when somebody does', async () => {
  for (const listen of [false, true]) {
    const { clock, scheduler, record } = harness({ listen });
    scheduler.addIntervalTask({ name: 'busy', interval: 100, action: () => new Promise(() => {}) });
    scheduler.start();
    await clock.advance(100);
    const warned = record.logs.filter((l) => l.level === 'warn' && /"busy" skipped a run/.test(l.message)).length;
    assert.is(warned, listen ? 0 : 1);
    assert.is(record.of('skip').length, listen ? 1 : 0);
  }
});

test.run();
