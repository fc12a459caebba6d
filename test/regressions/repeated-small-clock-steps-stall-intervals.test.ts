// Issue 9.16 (first half): backward wall-clock steps just under the 1 s jump threshold were
// each ignored, and their sum stalled interval tasks. Interval slots follow elapsed time
// however the wall clock is stepped: the backward steps add up until they are noticed.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { harness, stopAll } from '../helpers.js';

const test = suite('repeated backward steps just under 1 s');
test.after.each(stopAll);

test('a 1 s interval runs once per second of elapsed time through 60 steps of -999 ms', async () => {
  const { clock, scheduler, record } = harness();
  const elapsed: number[] = [];
  scheduler.addIntervalTask({ name: 'i', interval: 1000, action: () => elapsed.push(clock.monotonic()) });
  scheduler.start();
  for (let i = 0; i < 60; i++) {
    await clock.advance(10_000);
    await clock.set(clock.now() - 999);
  }
  assert.is(elapsed.length, 600, 'one run per second of elapsed time (0 .. 599 s)');
  // No slot ever waits more than the summed steps under the threshold (< 2 s).
  for (let i = 1; i < elapsed.length; i++) assert.ok((elapsed[i] as number) - (elapsed[i - 1] as number) < 2000, `gap at run ${i}`);
  assert.equal(record.of('missed'), []);
});

test.run();
