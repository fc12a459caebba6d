import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ModuleLoadError, WorkerCrashError } from '../../lib/errors.js';
import { TaskTimeoutError } from '../../lib/errors.js';
import { T0, harness, stopAll, watchProcessErrors } from '../helpers.js';
import { childPids, errorOf, outcomeOf, ref, valueOf } from './wait.js';

const test = suite('crash isolation, timeouts and stop for off-thread runs');
test.after.each(stopAll);

const watch = watchProcessErrors();
test.after(() => {
  watch.dispose();
  assert.equal(watch.errors, [], 'nothing reached uncaughtException/unhandledRejection');
});

/** Runs `bad` then `good` on the same one-worker pool: the bad run fails, the good one still runs. */
async function failThenRecover(mode: 'threaded' | 'forked', bad: { module: URL; export?: string }, options = {}): Promise<unknown> {
  const { clock, scheduler } = harness({ maxWorkers: 1, ...options });
  scheduler.addSingleTask({ name: 'bad', at: T0, processMethod: mode, action: bad });
  scheduler.addSingleTask({ name: 'good', at: T0 + 1, processMethod: mode, action: ref('ok.ts'), args: ['again'] });
  scheduler.start();
  const failed = errorOf(scheduler, 'bad');
  const good = valueOf(scheduler, 'good');
  await clock.advance(1);
  const error = await failed;
  assert.is(await good, 'hello again');
  return error;
}

for (const mode of ['threaded', 'forked'] as const) {
  test(`${mode}: a throw keeps its name, message and code; the worker lives on`, async () => {
    const error = (await failThenRecover(mode, ref('fail.ts', 'throws'))) as RangeError & { code: string };
    assert.instance(error, RangeError);
    assert.equal([error.message, error.code], ['thrown in the job', 'E_JOB']);
    assert.match(String(error.stack), /fail\.ts/);
  });

  test(`${mode}: a rejection fails the run`, async () => {
    const error = (await failThenRecover(mode, ref('fail.ts', 'rejects'))) as Error;
    assert.is(error.message, 'rejected in the job');
  });

  test(`${mode}: process.exit(3) is a WorkerCrashError with exitCode 3; the worker is replaced`, async () => {
    const error = (await failThenRecover(mode, ref('crash.ts', 'exit3'))) as WorkerCrashError;
    assert.instance(error, WorkerCrashError);
    assert.equal([error.exitCode, error.where], [3, mode === 'threaded' ? 'thread' : 'process']);
    assert.match(error.message, /task "bad" died \(exit code 3\)/);
  });

  // Out of memory: test/execution/oom.test.ts (in a child process, whose V8 banner it captures).

  test(`${mode}: a module that fails to load is a ModuleLoadError for that run only`, async () => {
    const error = (await failThenRecover(mode, ref('bad-import.ts'))) as ModuleLoadError;
    assert.instance(error, ModuleLoadError);
    assert.match(error.message, /bad-import\.ts.*does-not-exist/);
  });

  test(`${mode}: a hung run times out with TaskTimeoutError, its worker is terminated and the next run goes`, async () => {
    const { clock, scheduler } = harness({ maxWorkers: 1, workerOptions: { terminateTimeout: 100 } });
    scheduler.addSingleTask({ name: 'hang', at: T0, timeout: 300, processMethod: mode, action: ref('fail.ts', 'hangs') });
    scheduler.start();
    const hung = outcomeOf(scheduler, 'hang');
    await clock.advance(0);
    await new Promise((resolve) => setTimeout(resolve, 100)); // let the worker start spinning
    await clock.advance(300);
    const outcome = await hung;
    assert.is(outcome.type, 'error');
    assert.instance((outcome as { payload: { error: unknown } }).payload.error, TaskTimeoutError);
    scheduler.addSingleTask({ name: 'after', at: clock.now(), processMethod: mode, action: ref('ok.ts') });
    const after = valueOf(scheduler, 'after');
    await clock.advance(0);
    assert.is(await after, 'hello world');
  });
}

test('forked: a child killed by SIGKILL is a WorkerCrashError with that signal', async () => {
  const error = (await failThenRecover('forked', ref('crash.ts', 'sigkill'))) as WorkerCrashError;
  assert.instance(error, WorkerCrashError);
  assert.is(error.signal, 'SIGKILL');
});

test('a crash in one task does not touch another task running at the same time', async () => {
  const { clock, scheduler } = harness({ maxWorkers: 2 });
  scheduler.addSingleTask({ name: 'slow', at: T0, processMethod: 'forked', action: ref('ok.ts', 'sleep'), args: [300] });
  scheduler.addSingleTask({ name: 'dies', at: T0, processMethod: 'forked', action: ref('crash.ts', 'exit3') });
  scheduler.start();
  const slow = valueOf(scheduler, 'slow');
  const dies = errorOf(scheduler, 'dies');
  await clock.advance(0);
  assert.instance(await dies, WorkerCrashError);
  assert.is(await slow, 300);
});

test('stop({ timeout }) aborts hung off-thread runs, terminates the pools and leaves no child process', async () => {
  const { clock, scheduler, record } = harness({ maxWorkers: 1, workerOptions: { terminateTimeout: 100 } });
  scheduler.addSingleTask({ name: 'spin', at: T0, processMethod: 'forked', action: ref('fail.ts', 'hangs') });
  scheduler.addSingleTask({ name: 'idle', at: T0, processMethod: 'threaded', action: ref('fail.ts', 'waitsForever') });
  scheduler.start();
  await clock.advance(0);
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.ok((await childPids()).length >= 1, 'a forked worker is running');
  const stopping = scheduler.stop({ timeout: 200 });
  await clock.advance(200);
  await stopping;
  assert.equal(record.of('error').map((p) => ((p as { error: Error }).error).name), ['RunAbortedError', 'RunAbortedError']);
  assert.equal(await childPids(), []);
});

test.run();
