// Issue 11.1: what the scheduler knows about a task (state, runs, failures, last outcome,
// heap entry, owner...) lived on the Task as public writable fields: `task.runs = -5` showed
// up in `tasks()`, and a Task could not be a definition that a store persists apart from its
// state. The state now lives in a record the scheduler owns, seen only through TaskInfo.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Task } from '../../lib/tasks/task.js';
import { T0, harness, stopAll } from '../helpers.js';

const test = suite('a task carries no runtime state');
test.after.each(stopAll);

const RUNTIME_FIELDS = ['state', 'runs', 'failures', 'lastOutcome', 'entry', 'owner', 'running', 'pending', 'pausedAt', 'jitterMs', 'catchUpRuns', 'prevTask', 'nextTask'];

test('no runtime field is readable on a Task, before or after it runs', async () => {
  const { scheduler, clock } = harness();
  const task = scheduler.addIntervalTask({ name: 'tick', interval: 1000, action: () => {} });
  scheduler.start();
  await clock.advance(1000);
  for (const field of RUNTIME_FIELDS) assert.not.ok(field in task, `Task has \`${field}\``);
  assert.instance(task, Task);
});

test('writing a runtime-looking field on a Task changes nothing the scheduler reports', async () => {
  const { scheduler, clock } = harness();
  const task = scheduler.addIntervalTask({ name: 'tick', interval: 1000, action: () => {} });
  scheduler.start();
  await clock.advance(2000);
  const loose = task as unknown as Record<string, unknown>;
  loose.runs = -5;
  loose.failures = 99;
  loose.state = 'failed';
  assert.equal(scheduler.tasks(), [{ name: 'tick', nextRunAt: new Date(T0 + 3000), state: 'scheduled', runs: 3, failures: 0, lastOutcome: { status: 'success', at: new Date(T0 + 2000), durationMs: 0, latenessMs: 0 } }]);
  await clock.advance(1000);
  assert.is(scheduler.tasks()[0]?.runs, 4);
});

test.run();
