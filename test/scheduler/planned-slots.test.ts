import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { T0, harness, stopAll } from '../helpers.js';

const test = suite('planned slots: start(), pause twice, listings up to `to`');
test.after.each(stopAll);

const at = (d: Date | null | undefined): number | null => (d ? d.getTime() : null);

test('after start() an interval task added before it plans its grid from start(), not from each look', async () => {
  const { clock, scheduler } = harness();
  scheduler.addIntervalTask({ name: 'i', interval: 1000, initialDelay: { milliseconds: 300 }, action: () => {} });
  await clock.advance(200);
  assert.is(at(scheduler.tasks()[0]?.nextRunAt), T0 + 500, 'before start(): counted from now');
  scheduler.start();
  await clock.advance(100);
  assert.is(at(scheduler.tasks()[0]?.nextRunAt), T0 + 500, 'after start(): the slot placed at start()');
  await clock.advance(400);
  assert.is(at(scheduler.tasks()[0]?.nextRunAt), T0 + 1500);
  assert.equal(scheduler.nextRunsBetween('i', T0, T0 + 3500).map((d) => d.getTime()), [T0 + 1500, T0 + 2500, T0 + 3500]);
});

test('pausing a paused task again keeps its slot; resume() runs it there', async () => {
  const { clock, scheduler } = harness();
  const runs: number[] = [];
  scheduler.addIntervalTask({ name: 'i', interval: 10_000, action: () => runs.push(clock.now()) });
  scheduler.start();
  await clock.advance(2000);
  scheduler.pause('i');
  scheduler.pause('i');
  scheduler.pause();
  assert.is(at(scheduler.tasks()[0]?.nextRunAt), T0 + 10_000);
  scheduler.resume('i');
  await clock.advance(7999);
  assert.equal(runs, [T0]);
  await clock.advance(1);
  assert.equal(runs, [T0, T0 + 10_000]);
});

test('nextRunsBetween includes a run exactly at `from` and exactly at `to`', () => {
  const { scheduler } = harness();
  scheduler.addSingleTask({ name: 's', at: T0 + 5000, action: () => {} });
  assert.equal(scheduler.nextRunsBetween('s', T0 + 5000, T0 + 5000).map((d) => d.getTime()), [T0 + 5000]);
  assert.equal(scheduler.nextRunsBetween('s', T0, T0 + 4999), []);
  assert.equal(scheduler.nextRunsBetween('s', T0 + 5001, T0 + 9000), []);
});

test.run();
