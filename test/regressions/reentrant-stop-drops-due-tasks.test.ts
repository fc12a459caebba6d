// Issue 9.1: an action that called `stop()` made the same wake keep popping the entries due
// with it; they were never placed back, so those tasks lost their schedule for good.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { T0, harness, stopAll } from '../helpers.js';

const test = suite('re-entrant stop() drops the tasks due in the same wake');
test.after.each(stopAll);

test('tasks due beside an action that calls stop() keep their slots and run after start()', async () => {
  const { clock, scheduler } = harness();
  const runs = { a: 0, b: 0, c: 0 };
  scheduler.addIntervalTask({ name: 'a', interval: 1000, action: () => {
    runs.a++;
    if (runs.a === 2) void scheduler.stop();
  } });
  scheduler.addIntervalTask({ name: 'b', interval: 1000, action: () => runs.b++ });
  scheduler.addIntervalTask({ name: 'c', interval: 1000, action: () => runs.c++ });
  scheduler.start();
  await clock.advance(1000);
  assert.equal(runs, { a: 2, b: 1, c: 1 }, 'nothing starts after stop()');
  assert.is(scheduler.isRunning, false);
  const next = Object.fromEntries(scheduler.tasks().map((t) => [t.name, t.nextRunAt?.getTime() ?? null]));
  assert.equal(next, { a: T0 + 2000, b: T0 + 1000, c: T0 + 1000 }, 'b and c keep the slot they did not run');
  scheduler.start();
  await clock.flush();
  assert.equal(runs, { a: 2, b: 2, c: 2 }, 'the kept slots run on time at start()');
  await clock.advance(1000);
  assert.equal(runs, { a: 3, b: 3, c: 3 });
});

test('the same holds for sequential tasks sharing the lane with the stopping action', async () => {
  const { clock, scheduler } = harness();
  const runs = { a: 0, b: 0, c: 0 };
  const sequential = { interval: 1000, processMethod: 'sequential' as const };
  scheduler.addIntervalTask({ ...sequential, name: 'a', action: () => {
    runs.a++;
    if (runs.a === 2) void scheduler.stop();
  } });
  scheduler.addIntervalTask({ ...sequential, name: 'b', action: () => runs.b++ });
  scheduler.addIntervalTask({ ...sequential, name: 'c', action: () => runs.c++ });
  scheduler.start();
  await clock.advance(1000);
  assert.equal(runs, { a: 2, b: 1, c: 1 });
  assert.ok(scheduler.tasks().every((t) => t.nextRunAt !== null), 'every task keeps a next run');
  scheduler.start();
  await clock.advance(1000);
  assert.equal(runs, { a: 3, b: 3, c: 3 });
});

test.run();
