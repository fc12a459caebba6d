/**
 * Issue 9.10: on a one-worker pool, job A resolved and then threw from a timer; the worker
 * died of it and job B, running on that worker at the time, failed with WorkerCrashError
 * while A was reported as a success. No run may fail for another run's stray error.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { T0, harness, stopAll, watchProcessErrors } from '../helpers.js';
import { errorOf, ref, valueOf } from '../execution/wait.js';

const test = suite('a stray error from a finished pool job is not blamed on the next run');
test.after.each(stopAll);

for (const mode of ['threaded', 'forked'] as const) {
  for (const stray of ['resolvesThenThrows', 'resolvesThenRejects'] as const) {
    test(`${mode}: ${stray} in A; B on the same worker succeeds and the error is logged for A`, async () => {
      const watch = watchProcessErrors();
      const { clock, scheduler, record } = harness({ maxWorkers: 1 });
      scheduler.addSingleTask({ name: 'A', at: T0, processMethod: mode, action: ref('stubborn.ts', stray), args: [100] });
      scheduler.addSingleTask({ name: 'B', at: T0, processMethod: mode, action: ref('ok.ts', 'sleep'), args: [600] });
      scheduler.addSingleTask({ name: 'C', at: T0 + 1, processMethod: mode, action: ref('ok.ts', 'where') });
      scheduler.start();
      const [a, b, c] = ['A', 'B', 'C'].map((name) => valueOf(scheduler, name));
      await clock.advance(1);
      assert.is(await a, 'done');
      assert.is(await b, 600, 'B is not failed for A');
      const first = (await c) as { pid: number; threadId: number };
      // The same worker served all three: it was not killed by A's stray error.
      scheduler.addSingleTask({ name: 'D', at: clock.now(), processMethod: mode, action: ref('ok.ts', 'where') });
      const d = valueOf(scheduler, 'D');
      await clock.advance(0);
      assert.equal(await d, first);
      const logged = record.logs.filter((log) => log.level === 'error');
      assert.is(logged.length, 1);
      assert.match(logged[0]!.message, /by task "A" after its run had ended; no run was failed/);
      assert.match(String((logged[0]!.details as Error).message), /stray (error|rejection) from a finished run/);
      assert.equal(record.of('error'), []);
      watch.dispose();
      assert.equal(watch.errors, []);
    });
  }

  test(`${mode}: a throw from a run's own timer while it is in flight fails that run`, async () => {
    const { clock, scheduler } = harness({ maxWorkers: 1 });
    scheduler.addSingleTask({ name: 'own', at: T0, processMethod: mode, action: ref('stubborn.ts', 'throwsFromTimerWhileRunning') });
    scheduler.start();
    const own = errorOf(scheduler, 'own');
    await clock.advance(0);
    const error = (await own) as Error;
    assert.is(error.message, 'thrown from my own timer');
  });
}

test.run();
