/**
 * Issue 9.17 (part): a threaded job returning something that cannot be structured-cloned
 * failed with an Error whose message was empty. The error names the task and what failed.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { T0, harness, stopAll } from '../helpers.js';
import { errorOf, ref, valueOf } from '../execution/wait.js';

const test = suite('a result that cannot cross back says so');
test.after.each(stopAll);

for (const mode of ['threaded', 'forked'] as const) {
  test(`${mode}: a TypeError naming the task, the export and the value that could not be cloned`, async () => {
    const { clock, scheduler } = harness({ maxWorkers: 1 });
    scheduler.addSingleTask({ name: 'handles', at: T0, processMethod: mode, action: ref('ok.ts', 'uncloneable') });
    scheduler.addSingleTask({ name: 'after', at: T0 + 1, processMethod: mode, action: ref('ok.ts') });
    scheduler.start();
    const failed = errorOf(scheduler, 'handles');
    const after = valueOf(scheduler, 'after');
    await clock.advance(1);
    const error = (await failed) as Error;
    assert.instance(error, TypeError);
    assert.match(error.message, /^Task "handles": the result of `uncloneable` \(file:.*ok\.ts\) cannot be structured-cloned back from the worker: .*could not be cloned/);
    assert.is(await after, 'hello world');
  });
}

test.run();
