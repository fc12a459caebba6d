import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { MAX_SLEEP_MS, WallStepWatch } from '../../lib/scheduler/wake.js';
import { MAX_TIMER_MS, clearLongTimeout, setLongTimeout } from '../../lib/internal/clock.js';
import { ManualClock } from '../../lib/testing.js';
import { SingleTask } from '../../lib/tasks/single-task.js';
import { T0, harness, stopAll } from '../helpers.js';

const test = suite('timing');
test.after.each(stopAll);

test('a 10 s interval has not fired at 9 999 ms and has fired at 10 000 ms', async () => {
  const { clock, scheduler } = harness();
  let runs = 0;
  scheduler.addIntervalTask({ name: 'tick', interval: 10_000, initialDelay: 10_000, action: () => runs++ });
  scheduler.start();
  await clock.advance(9_999);
  assert.is(runs, 0);
  await clock.advance(1);
  assert.is(runs, 1);
  await clock.advance(9_999);
  assert.is(runs, 1);
  await clock.advance(1);
  assert.is(runs, 2);
});

test('initialDelay 0 runs at start(), and initialDelay counts from start() not from add', async () => {
  const { clock, scheduler } = harness();
  const seen: number[] = [];
  scheduler.addIntervalTask({ name: 'now', interval: 1000, action: () => seen.push(clock.now() - T0) });
  scheduler.addIntervalTask({ name: 'later', interval: 1000, initialDelay: 500, action: () => seen.push(-(clock.now() - T0)) });
  await clock.advance(5_000); // not started yet: nothing runs
  assert.equal(seen, []);
  scheduler.start();
  await clock.flush();
  assert.equal(seen, [5000]);
  await clock.advance(500);
  assert.equal(seen, [5000, -5500]);
});

test('the scheduler arms one timer, whatever the number of tasks', async () => {
  const { clock, scheduler } = harness();
  for (let i = 0; i < 50; i++) scheduler.addIntervalTask({ interval: 1000 + i, initialDelay: 100 + i, action: () => {} });
  scheduler.start();
  assert.is(clock.pendingTimers, 1);
  assert.equal(clock.pendingDelays(), [100]);
  await clock.advance(100);
  assert.is(clock.pendingTimers, 1);
  assert.equal(clock.pendingDelays(), [1]);
});

test('a single task 30 days ahead never arms a timer over 30 s and fires exactly on time', async () => {
  const { clock, scheduler } = harness();
  const due = T0 + 30 * 86_400_000;
  let fired = 0;
  scheduler.add(new SingleTask({ name: 'far', at: due, action: () => fired++ }));
  scheduler.start();
  let maxDelay = 0;
  let wakes = 0;
  while (clock.now() < due - 1) {
    const [delay] = clock.pendingDelays();
    assert.ok(delay !== undefined, 'a timer is always armed while a task waits');
    maxDelay = Math.max(maxDelay, delay);
    await clock.advance(Math.min(delay, due - 1 - clock.now()));
    wakes++;
  }
  assert.is(fired, 0, 'fired early');
  assert.ok(maxDelay <= MAX_SLEEP_MS, `armed ${maxDelay} ms`);
  assert.ok(wakes >= 86_400, `re-checked the clock every 30 s (${wakes} wakes)`);
  await clock.advance(1);
  assert.is(fired, 1);
  assert.is(scheduler.getTask('far'), undefined, 'a finished one-shot leaves the registry');
});

test('a task 10 years ahead arms at most 30 s at a time (no setTimeout overflow) and reads back its time', async () => {
  const { clock, scheduler } = harness();
  const due = T0 + 3_652 * 86_400_000;
  let fired = 0;
  scheduler.addSingleTask({ name: 'decade', at: due, action: () => fired++ });
  scheduler.start();
  for (let i = 0; i < 240; i++) {
    assert.equal(clock.pendingDelays(), [MAX_SLEEP_MS]);
    await clock.advance(MAX_SLEEP_MS);
  }
  assert.is(fired, 0);
  assert.equal(scheduler.tasks()[0]?.nextRunAt, new Date(due));
});

test('all entries due at the same wake run in one callback', async () => {
  const { clock, scheduler } = harness();
  const order: string[] = [];
  for (const name of ['a', 'b', 'c']) scheduler.addSingleTask({ name, at: T0 + 1000, action: () => order.push(name) });
  scheduler.start();
  await clock.advance(1000);
  assert.equal(order, ['a', 'b', 'c']);
  assert.is(clock.pendingTimers, 0, 'nothing left to wait for');
});

test('setLongTimeout chains legs below 2^31 ms and fires exactly at the end', async () => {
  const clock = new ManualClock(T0);
  let fired = 0;
  const ms = 3 * MAX_TIMER_MS + 5;
  setLongTimeout(clock, () => fired++, ms);
  assert.equal(clock.pendingDelays(), [MAX_TIMER_MS], 'one leg armed at a time, never an overflowing one');
  await clock.advance(ms - 1);
  assert.is(fired, 0);
  await clock.advance(1);
  assert.is(fired, 1);
  assert.is(clock.pendingTimers, 0);
});

test('clearLongTimeout stops the chain mid-way; Infinity arms nothing', async () => {
  const clock = new ManualClock(T0);
  let fired = 0;
  const timer = setLongTimeout(clock, () => fired++, 2 * MAX_TIMER_MS);
  await clock.advance(MAX_TIMER_MS + 1);
  clearLongTimeout(clock, timer);
  assert.is(clock.pendingTimers, 0);
  await clock.advance(2 * MAX_TIMER_MS);
  assert.is(fired, 0);
  setLongTimeout(clock, () => fired++, Number.POSITIVE_INFINITY);
  assert.is(clock.pendingTimers, 0);
});

test('WallStepWatch: backward steps add up until they pass the threshold; forward steps only move the reference', async () => {
  const clock = new ManualClock(T0);
  const watch = new WallStepWatch(clock, 1000);
  watch.reset(clock.now());
  await clock.set(clock.now() - 600);
  assert.is(watch.take(clock.now()), 0, '600 ms back: pending');
  await clock.set(clock.now() - 400);
  assert.is(watch.take(clock.now()), 0, '1000 ms back in all: not over the threshold');
  await clock.set(clock.now() - 1);
  assert.is(watch.take(clock.now()), -1001, 'the steps together are moved at once');
  assert.is(watch.take(clock.now()), 0, 'and only once');
  await clock.set(clock.now() + 3_600_000);
  assert.is(watch.take(clock.now()), 0, 'forward: the misfire policy handles it');
  await clock.set(clock.now() - 1500);
  assert.is(watch.take(clock.now()), -1500, 'measured from the new reference');
});

test.run();
