// A rule whose next slot lies past the Date range (±8.64e15 ms): an `interval` of 8.6e15 ms
// passes validation, but its second slot cannot be a Date. Such a slot means the task has no
// more runs (finished, like a one-shot), never an Invalid Date in `nextRunAt` or a warning
// that throws.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Scheduler } from '../../lib/scheduler/scheduler.js';
import { IntervalTask } from '../../lib/tasks/interval-task.js';
import { silentLogger } from '../../lib/internal/logger.js';
import { ManualClock } from '../../lib/testing.js';

const START = Date.UTC(2026, 0, 1);
const INTERVAL = 8.6e15;

test('nextRuns stops at the last slot a Date can hold', () => {
  const task = new IntervalTask({ name: 'far', interval: INTERVAL, action: () => {} });
  const runs = task.nextRuns(3, new Date(START));
  assert.equal(runs.map((d) => d.getTime()), [START + INTERVAL]);
});

test('the scheduler runs the last representable slot, then the task finishes', async () => {
  const clock = new ManualClock(START);
  const scheduler = new Scheduler({ clock, logger: silentLogger });
  const errors: unknown[] = [];
  scheduler.on('error', ({ error }) => errors.push(error));
  let runs = 0;
  scheduler.addIntervalTask({ name: 'far', interval: INTERVAL, action: () => void runs++ });
  scheduler.start(); // the first run is at start (initialDelay 0)
  assert.is(runs, 1);
  assert.is(scheduler.tasks()[0]?.nextRunAt?.getTime(), START + INTERVAL);
  await clock.set(START + INTERVAL);
  await clock.advance(30_000); // the wake timer is capped at 30 s of elapsed time
  assert.is(runs, 2);
  assert.equal(errors, []);
  assert.equal(scheduler.tasks(), []);
  await scheduler.stop();
});

test.run();
