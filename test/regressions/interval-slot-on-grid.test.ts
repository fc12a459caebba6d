// Issue 9.19: a time exactly on an interval's grid is not "after" itself. These tests pin the
// boundary (`Math.floor(d / iv) + 1`): with `Math.ceil` each of them fails.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { IntervalTask } from '../../lib/tasks/interval-task.js';
import { T0, harness, stopAll } from '../helpers.js';

const test = suite('interval slot exactly on the grid');
test.after.each(stopAll);

const action = () => {};

test('slotAfter: on a slot gives the next one; 1 ms before gives that slot; 1 ms after the next', () => {
  const task = new IntervalTask({ action, interval: 1000 });
  assert.is(task.slotAfter(T0, T0), T0 + 1000);
  assert.is(task.slotAfter(T0, T0 + 3000), T0 + 4000);
  assert.is(task.slotAfter(T0, T0 + 2999), T0 + 3000);
  assert.is(task.slotAfter(T0, T0 + 3001), T0 + 4000);
  assert.is(task.slotAfter(T0 + 5000, T0 + 3000), T0 + 5000, 'an anchor still ahead is itself the slot');
});

test('nextRunsBetween from exactly a slot lists it; from 1 ms after, it starts at the next', async () => {
  const { scheduler } = harness();
  scheduler.addIntervalTask({ name: 'i', interval: 1000, action });
  scheduler.start();
  await Promise.resolve();
  assert.equal(scheduler.nextRunsBetween('i', T0 + 3000, T0 + 5000).map((d) => d.getTime() - T0), [3000, 4000, 5000]);
  assert.equal(scheduler.nextRunsBetween('i', T0 + 3001, T0 + 5000).map((d) => d.getTime() - T0), [4000, 5000]);
});

test('resume exactly on a slot runs that slot now', async () => {
  const { clock, scheduler, record } = harness();
  scheduler.addIntervalTask({ name: 'i', interval: 1000, action });
  scheduler.start();
  scheduler.pause('i');
  await clock.advance(3000);
  scheduler.resume('i');
  await clock.advance(0);
  const slots = (record.of('start') as Array<{ run: { scheduledAt: Date } }>).map((s) => s.run.scheduledAt.getTime() - T0);
  assert.equal(slots, [0, 3000]);
});

test('resume 1 ms after a slot skips that slot and runs at the next', async () => {
  const { clock, scheduler, record } = harness();
  scheduler.addIntervalTask({ name: 'i', interval: 1000, action });
  scheduler.start();
  scheduler.pause('i');
  await clock.advance(3001);
  scheduler.resume('i');
  assert.equal(scheduler.tasks()[0]?.nextRunAt, new Date(T0 + 4000));
  await clock.advance(999);
  const slots = (record.of('start') as Array<{ run: { scheduledAt: Date } }>).map((s) => s.run.scheduledAt.getTime() - T0);
  assert.equal(slots, [0, 4000]);
  assert.equal(record.of('missed'), [], 'slots passed while paused are dropped silently');
});

test.run();
