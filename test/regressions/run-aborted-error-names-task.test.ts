// Issue 9.17 (one gap): a run aborted by stop() was reported as a RunAbortedError for task "*".
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { RunAbortedError } from '../../lib/errors.js';
import { T0, harness, stopAll } from '../helpers.js';

const test = suite('RunAbortedError names the real task');
test.after.each(stopAll);

test('each run aborted at the stop timeout is reported with its own task name', async () => {
  const { clock, scheduler, record } = harness();
  scheduler.addSingleTask({ name: 'first', at: T0, action: () => new Promise(() => {}) });
  scheduler.addSingleTask({ name: 'second', at: T0, action: () => new Promise(() => {}) });
  scheduler.start();
  await clock.flush();
  const stopping = scheduler.stop({ timeout: 100 });
  await clock.advance(100);
  await stopping;
  const errors = record.of('error') as Array<{ task: { name: string }; error: RunAbortedError }>;
  assert.equal(errors.map((e) => [e.task.name, e.error.taskName]), [['first', 'first'], ['second', 'second']]);
  for (const { error } of errors) {
    assert.instance(error, RunAbortedError);
    assert.match(error.message, /^Run of task "(first|second)" was aborted: the scheduler stopped \(timeout 100 ms\)$/);
  }
});

test.run();
