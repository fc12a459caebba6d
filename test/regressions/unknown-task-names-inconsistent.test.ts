// Issue 10.8: unknown names gave three different behaviours (`pause` threw SchedulerError,
// `runNow` TaskNotFoundError, `cancel` returned false). The documented rule: `cancel` returns
// false (as in Kronos), `getTask` returns undefined, every other method throws
// TaskNotFoundError naming the task.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { TaskNotFoundError } from '../../lib/errors.js';
import { T0, harness, stopAll } from '../helpers.js';

const test = suite('unknown task names');
test.after.each(stopAll);

function notFound(name: string): (error: unknown) => boolean {
  return (error) => error instanceof TaskNotFoundError && error.taskName === name && error.message.includes(`"${name}"`);
}

for (const started of [false, true]) {
  test(`${started ? 'started' : 'not started'}: pause, resume, runNow and nextRunsBetween throw TaskNotFoundError`, () => {
    const { scheduler } = harness();
    scheduler.addIntervalTask({ name: 'known', interval: 1000, action: () => {} });
    if (started) scheduler.start();
    assert.throws(() => scheduler.pause('nope'), notFound('nope'));
    assert.throws(() => scheduler.resume('nope'), notFound('nope'));
    assert.throws(() => scheduler.runNow('nope'), notFound('nope'));
    assert.throws(() => scheduler.nextRunsBetween('nope', T0, T0 + 10_000), notFound('nope'));
    assert.is(scheduler.getTask('nope'), undefined);
    assert.is(scheduler.cancel('nope'), false);
    assert.equal(scheduler.tasks().map((t) => [t.name, t.state]), [['known', started ? 'scheduled' : 'scheduled']]);
  });
}

test('pause and resume still name the verb', () => {
  const { scheduler } = harness();
  assert.throws(() => scheduler.pause('nope'), /No task named "nope" to pause/);
  assert.throws(() => scheduler.resume('nope'), /No task named "nope" to resume/);
});

test.run();
