// Issue 9.4: an action returning an object whose `then` getter throws (or a revoked Proxy)
// threw from the thenable check, outside the run's error handling: the task stayed
// `running` forever and, in sequential mode, no other sequential task ran again.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { harness, stopAll, watchProcessErrors } from '../helpers.js';
import { recordOf } from '../../lib/scheduler/task-record.js';
import type { Task as AnyTask } from '../../lib/tasks/task.js';

/** What the scheduler knows about a task (its record), for reads the TaskInfo does not carry. */
const stateOf = (task: AnyTask | undefined) => (task === undefined ? undefined : recordOf(task) ?? undefined);

const test = suite('a hostile return value fails its run only');
test.after.each(stopAll);

function throwingThen(): object {
  return {
    get then(): never {
      throw new Error('then getter');
    },
  };
}

function revokedProxy(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

for (const [label, make] of [['a throwing `then` getter', throwingThen], ['a revoked Proxy', revokedProxy]] as const) {
  for (const processMethod of ['concurrent', 'sequential'] as const) {
    test(`${label} (${processMethod}): the run fails, the task is not left running, the lane goes on`, async () => {
      const watch = watchProcessErrors();
      const h = harness();
      let healthy = 0;
      h.scheduler.addIntervalTask({ name: 'hostile', interval: 1000, processMethod, action: make });
      h.scheduler.addIntervalTask({ name: 'healthy', interval: 1000, processMethod: 'sequential', action: () => { healthy++; } });
      h.scheduler.start();
      await h.clock.advance(2000);
      watch.dispose();
      assert.equal(watch.errors, []);
      const task = h.scheduler.getTask('hostile');
      assert.is(stateOf(task)?.state, 'scheduled');
      assert.is(stateOf(task)?.running, 0);
      assert.is(stateOf(task)?.runs, 3);
      assert.is(stateOf(task)?.failures, 3);
      assert.is(stateOf(task)?.lastOutcome?.status, 'error');
      assert.is(healthy, 3);
      const errors = h.record.of('error') as Array<{ task?: { name: string }; error: unknown; run?: unknown }>;
      assert.is(errors.length, 3);
      for (const e of errors) {
        assert.is(e.task?.name, 'hostile');
        assert.ok(e.run, 'reported for its run');
        assert.instance(e.error, Error);
      }
    });
  }
}

test.run();
