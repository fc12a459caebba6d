// Issue 9.11: the wall clock set back while the scheduler was stopped went unnoticed at
// start(), so interval tasks stalled for the size of the jump.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { harness, stopAll } from '../helpers.js';

const test = suite('a backward clock step while stopped is noticed on start()');
test.after.each(stopAll);

test('a 1-minute interval keeps its elapsed rhythm after the clock went back 1 h while stopped', async () => {
  const { clock, scheduler, record } = harness();
  const elapsedAtRuns: number[] = [];
  scheduler.addIntervalTask({ name: 'i', interval: 60_000, action: () => elapsedAtRuns.push(clock.monotonic()) });
  scheduler.start();
  await clock.advance(90_000);
  await scheduler.stop();
  await clock.set(clock.now() - 3_600_000);
  scheduler.start();
  await clock.advance(30 * 60_000);
  assert.equal(elapsedAtRuns, Array.from({ length: 32 }, (_, i) => i * 60_000));
  assert.equal(record.of('missed'), []);
});

test.run();
