import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ManualClock } from '../lib/testing.js';

test('ManualClock fires timers in time order, FIFO for ties, moving now() to each due time', async () => {
  const clock = new ManualClock(new Date('2027-01-01T00:00:00Z'));
  const seen: Array<[string, number]> = [];
  const start = clock.now();
  clock.setTimeout(() => seen.push(['b', clock.now() - start]), 20);
  clock.setTimeout(() => seen.push(['a', clock.now() - start]), 10);
  clock.setTimeout(() => seen.push(['c', clock.now() - start]), 20);
  await clock.advance(19);
  assert.equal(seen, [['a', 10]]);
  await clock.advance(1);
  assert.equal(seen, [['a', 10], ['b', 20], ['c', 20]]);
  assert.is(clock.now() - start, 20);
});

test('ManualClock timers count elapsed time: set() jumps the wall clock without firing timers', async () => {
  const clock = new ManualClock(0);
  let fired = 0;
  clock.setTimeout(() => fired++, 1000);
  await clock.set(10_000_000);
  assert.is(fired, 0);
  assert.is(clock.now(), 10_000_000);
  assert.is(clock.monotonic(), 0);
  await clock.advance(1000);
  assert.is(fired, 1);
  assert.is(clock.now(), 10_001_000);
});

test('ManualClock lets promises settle between timers', async () => {
  const clock = new ManualClock(0);
  const order: string[] = [];
  clock.setTimeout(() => void Promise.resolve().then(() => order.push('microtask after t1')), 1);
  clock.setTimeout(() => order.push('t2'), 1);
  await clock.advance(1);
  assert.equal(order, ['microtask after t1', 't2']);
});

test('ManualClock clearTimeout, advanceTo and input checks', async () => {
  const clock = new ManualClock(new Date(5000));
  let fired = 0;
  const handle = clock.setTimeout(() => fired++, 10);
  clock.clearTimeout(handle);
  await clock.advanceTo(6000);
  assert.is(fired, 0);
  assert.is(clock.now(), 6000);
  assert.throws(() => new ManualClock(Number.NaN), /Expected `start`/);
  await assert.not.throws(() => clock.flush());
  try {
    await clock.advance(-1);
    assert.unreachable();
  } catch (error) {
    assert.match(String(error), /Expected `ms` to be a finite number ≥ 0, got `-1` \(number\)/);
  }
});

test.run();
