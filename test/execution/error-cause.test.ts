import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { T0, harness, stopAll } from '../helpers.js';
import { errorOf, ref } from './wait.js';

const test = suite('off-thread errors keep their cause');
test.after.each(stopAll);

test('threaded: a failed run reports the job error with its chain of causes, revived as their own classes', async () => {
  const { clock, scheduler } = harness({ maxWorkers: 1 });
  scheduler.addSingleTask({ name: 'c', at: T0, processMethod: 'threaded', action: ref('cause.ts', 'throwsWithCause') });
  scheduler.start();
  const failed = errorOf(scheduler, 'c');
  await clock.advance(0);
  const error = (await failed) as Error;
  assert.instance(error, Error);
  assert.is(error.message, 'the job failed');
  const middle = error.cause as Error;
  assert.instance(middle, RangeError);
  assert.is(middle.message, 'the middle');
  const root = middle.cause as Error;
  assert.instance(root, TypeError);
  assert.is(root.message, 'the root cause');
});

test.run();
