// Kronos: an exception raised while rescheduling escaped the run wrapper and the task was
// silently gone from the scheduler. Now it is reported as `error` and listed as `failed`.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { RescheduleError } from '../../lib/errors.js';
import { Task } from '../../lib/tasks/task.js';
import { harness, stopAll } from '../helpers.js';

const test = suite('kronos: a failing reschedule lost the task');
test.after.each(stopAll);

class Flaky extends Task {
  constructor() {
    super({ name: 'flaky', action: () => {} });
  }
  override nextRunAt(): number {
    throw new Error('cannot compute next run');
  }
  override firstRunAt(now: number): number {
    return now + 1000;
  }
}

test('the failure is emitted and the task stays visible as failed', async () => {
  const { clock, scheduler, record } = harness();
  scheduler.add(new Flaky());
  scheduler.start();
  await clock.advance(1000);
  const errors = record.of('error') as Array<{ error: Error; task?: { name: string } }>;
  assert.is(errors.length, 1);
  assert.is(errors[0]?.task?.name, 'flaky');
  // Issue 10.8: reported as a RescheduleError (docs/extending.md) with the original as cause.
  assert.instance(errors[0]?.error, RescheduleError);
  assert.is((errors[0]?.error.cause as Error).message, 'cannot compute next run');
  assert.match(errors[0]?.error.message ?? '', /cannot compute next run/);
  assert.equal(scheduler.tasks().map((t) => [t.name, t.state]), [['flaky', 'failed']]);
});

test.run();
