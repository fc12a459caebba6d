// Issue 10.3: Kronos counted `interval`, `initialdelay` and `delay` in seconds; here a bare
// number is milliseconds, so `interval: 10` ran 100 times a second with no word. A bare
// number below 1000 for those options now emits a one-time process warning (code
// KRONOS_MS_HINT) naming the option and suggesting `{ seconds: n }`, once per option.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { IntervalTask } from '../../lib/tasks/interval-task.js';
import { SingleTask } from '../../lib/tasks/single-task.js';
import { resetMsHints } from '../../lib/time/duration.js';
import { harness, stopAll } from '../helpers.js';

test.after.each(stopAll);
const action = () => {};

async function hintsDuring(fn: () => void): Promise<string[]> {
  const seen: string[] = [];
  const listener = (warning: Error & { code?: string }) => {
    if (warning.code === 'KRONOS_MS_HINT') seen.push(warning.message);
  };
  process.on('warning', listener);
  try {
    resetMsHints();
    fn();
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.off('warning', listener);
  }
  return seen;
}

test('interval, initialDelay and delay below 1000 each hint once, naming the option and { seconds: n }', async () => {
  const { scheduler } = harness();
  const hints = await hintsDuring(() => {
    new IntervalTask({ action, interval: 10 });
    new IntervalTask({ action, interval: 20 });
    new IntervalTask({ action, interval: 5000, initialDelay: 5 });
    scheduler.scheduleTask(new SingleTask({ action, at: 1 }), 30);
    scheduler.scheduleTask(new SingleTask({ action, at: 1 }), 40);
  });
  assert.is(hints.length, 3);
  assert.match(hints[0] ?? '', /`interval: 10` is 10 milliseconds.*\{ seconds: 10 \}/);
  assert.match(hints[1] ?? '', /`initialDelay: 5` is 5 milliseconds.*\{ seconds: 5 \}/);
  assert.match(hints[2] ?? '', /`delay: 30` is 30 milliseconds.*\{ seconds: 30 \}/);
});

test('no hint for 0, 1000 and more, objects, or other duration options', async () => {
  const { scheduler } = harness();
  const hints = await hintsDuring(() => {
    new IntervalTask({ action, interval: 1000, initialDelay: 0 });
    new IntervalTask({ action, interval: { seconds: 10 } });
    new IntervalTask({ action, interval: 60_000, jitter: 10, timeout: 50, misfireGraceTime: 5 });
    scheduler.scheduleTask(new SingleTask({ action, at: 1 }), 0);
  });
  assert.equal(hints, []);
});

test.run();
