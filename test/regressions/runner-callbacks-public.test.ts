// Issue 11 (a run's path): the runner's callbacks into the scheduler (`accepting`,
// `rescheduleAfter`, `runEnded`) were public methods of Scheduler, callable by anyone (a call
// to rescheduleAfter placed a task twice). They are private to the scheduler now.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Scheduler } from '../../lib/scheduler/scheduler.js';
import { ManualClock } from '../../lib/testing.js';

const test = suite('the runner callbacks are not on Scheduler');

test('accepting, rescheduleAfter and runEnded are not members of a Scheduler', async () => {
  const scheduler = new Scheduler({ clock: new ManualClock(0) });
  for (const name of ['accepting', 'rescheduleAfter', 'runEnded', 'checkMode']) {
    assert.not.ok(name in scheduler, `Scheduler has \`${name}\``);
  }
  await scheduler.stop();
});

test.run();
