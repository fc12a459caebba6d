// Issue 10.9: `skip` warnings went to the logger (stderr by default) even when a `skip`
// listener was attached. A listener takes over, as for `error` and `missed`.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { deferred, harness, stopAll } from '../helpers.js';
import { recordOf } from '../../lib/scheduler/task-record.js';
import type { Task as AnyTask } from '../../lib/tasks/task.js';

/** What the scheduler knows about a task (its record), for reads the TaskInfo does not carry. */
const stateOf = (task: AnyTask | undefined) => (task === undefined ? undefined : recordOf(task) ?? undefined);

const test = suite('skip: a listener takes over the warning');
test.after.each(stopAll);

for (const listening of [true, false]) {
  test(`${listening ? 'with' : 'without'} a skip listener`, async () => {
    const h = harness({ listen: false });
    const skips: unknown[] = [];
    if (listening) h.scheduler.on('skip', (payload) => skips.push(payload));
    const gate = deferred();
    h.scheduler.addIntervalTask({ name: 'slow', interval: 1000, action: () => gate.promise });
    h.scheduler.start();
    await h.clock.advance(2000);
    gate.resolve();
    assert.is(listening ? skips.length : 0, listening ? 2 : 0);
    const warnings = h.record.logs.filter((l) => l.level === 'warn').map((l) => l.message);
    if (listening) assert.equal(warnings, []);
    else {
      assert.equal(warnings, [
        'Task "slow" skipped a run: maxInstances (1) still running after 1000 ms',
        'Task "slow" skipped a run: maxInstances (1) still running after 2000 ms',
      ]);
    }
    assert.is(stateOf(h.scheduler.getTask('slow'))?.lastOutcome?.latenessMs, 0);
  });
}

test.run();
