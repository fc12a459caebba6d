// Issue 9.14: a run kept pending under `overlap: 'queue'` outlived stop() and ran, an hour
// late, after start(), bypassing `catchUp`. stop() now clears pending runs: the schedule was
// carried on when the run was queued, so the next regular slot follows the misfire policy.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { T0, harness, stopAll } from '../helpers.js';
import { recordOf } from '../../lib/scheduler/task-record.js';
import type { Task as AnyTask } from '../../lib/tasks/task.js';

/** What the scheduler knows about a task (its record), for reads the TaskInfo does not carry. */
const stateOf = (task: AnyTask | undefined) => (task === undefined ? undefined : recordOf(task) ?? undefined);

const test = suite("an overlap: 'queue' pending run survives stop()");
test.after.each(stopAll);

test('after stop() and start() an hour later, only the misfire policy decides what runs', async () => {
  const { clock, scheduler, record } = harness({ listen: true });
  let calls = 0;
  scheduler.addIntervalTask({
    name: 'q', interval: 1000, overlap: 'queue',
    action: () => (++calls === 1 ? new Promise(() => {}) : undefined),
  });
  scheduler.start();
  await clock.advance(1500);
  assert.is(stateOf(scheduler.getTask('q'))?.pending?.scheduledAt, T0 + 1000, 'the 1000 slot waits');
  await scheduler.stop({ timeout: 0 });
  assert.is(stateOf(scheduler.getTask('q'))?.pending, null, 'stop() cleared it');
  await clock.advance(3_600_000);
  const before = record.of('start').length;
  scheduler.start();
  await clock.flush();
  const after = (record.of('start') as Array<{ run: { scheduledAt: Date } }>).slice(before);
  assert.equal(after.map((s) => s.run.scheduledAt.getTime() - T0), [3_601_000], "one run (catchUp 'once'), no stale slot");
});

test.run();
