// APScheduler #752: after the system clock was set back an hour, interval jobs stalled for
// that hour. Interval slots measure elapsed time, so they must move with the clock.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { harness, stopAll } from '../helpers.js';

const test = suite('apscheduler #752: clock set back stalls interval jobs');
test.after.each(stopAll);

test('a 1-minute interval keeps running every minute of elapsed time after the clock goes back 1 h', async () => {
  const { clock, scheduler } = harness();
  const elapsedAtRuns: number[] = [];
  scheduler.addIntervalTask({ name: 'i', interval: 60_000, action: () => elapsedAtRuns.push(clock.monotonic()) });
  scheduler.start();
  await clock.advance(90_000);
  await clock.set(clock.now() - 3_600_000);
  await clock.advance(180_000);
  assert.equal(elapsedAtRuns, [0, 60_000, 120_000, 180_000, 240_000]);
});

test('a small backward adjustment (≤ 1 s, NTP slew) leaves slots alone', async () => {
  const { clock, scheduler } = harness();
  const wallAtRuns: number[] = [];
  const start = clock.now();
  scheduler.addIntervalTask({ name: 'i', interval: 60_000, initialDelay: 60_000, action: () => wallAtRuns.push(clock.now() - start) });
  scheduler.start();
  await clock.advance(30_000);
  await clock.set(clock.now() - 500);
  await clock.advance(30_500);
  assert.equal(wallAtRuns, [60_000]);
});

test.run();
