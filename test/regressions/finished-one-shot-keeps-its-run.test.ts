// Issue 14 (W3): a one-shot task's run was kept as `lastOutcome` by the task's record after the
// task had finished and left the scheduler. Records of tasks added long before are in V8's old
// generation, so each of 100 000 such runs survived every young-generation GC (copied, then
// promoted): tens of ms of GC inside the dispatch window. A run that ends after its task left
// (finished or cancelled) is reported through the events, and is not kept by the record.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { recordOf } from '../../lib/scheduler/task-record.js';
import { SingleTask } from '../../lib/tasks/single-task.js';
import { harness, stopAll, T0 } from '../helpers.js';

test.after.each(stopAll);

test('a finished one-shot does not keep its last run', async () => {
  const h = harness();
  const task = h.scheduler.add(new SingleTask({ name: 'once', at: T0 + 1000, action: () => {} }));
  h.scheduler.start();
  await h.clock.advance(1000);
  assert.is(h.record.of('success').length, 1);
  assert.equal(h.scheduler.tasks(), []);
  assert.is(recordOf(task)?.runs, 1);
  assert.is(recordOf(task)?.lastOutcome, undefined);
});

test('a task cancelled during its run does not keep that run; a listed task keeps its last', async () => {
  const h = harness();
  let release = () => {};
  const slow = h.scheduler.addIntervalTask({ name: 'slow', interval: 1000, action: () => new Promise<void>((resolve) => { release = resolve; }) });
  const tick = h.scheduler.addIntervalTask({ name: 'tick', interval: 1000, action: () => {} });
  h.scheduler.start();
  await h.clock.advance(1000);
  h.scheduler.cancel(slow);
  release();
  await h.clock.advance(0);
  assert.is(recordOf(slow)?.runs, 1);
  assert.is(recordOf(slow)?.lastOutcome, undefined);
  assert.is(recordOf(tick)?.lastOutcome?.status, 'success');
  assert.is(h.scheduler.tasks().find((t) => t.name === 'tick')?.lastOutcome?.status, 'success');
});

test.run();
