/**
 * Regression (issue 11, item 7): a crashed worker was recognised by regular expressions over
 * workerpool's message text (`exitCode: \`3\`` inside a TerminateError's message, and the
 * plain messages 'Worker terminated' / 'Pool terminated'). A change of wording in workerpool
 * would turn crashes into ordinary errors with no exit code. The exit code and signal now come
 * from Node's 'exit' event of the run's own thread or process, and termination from state.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import workerpool from 'workerpool';
import { WorkerCrashError } from '../../lib/errors.js';
import { failureOf } from '../../lib/execution/worker-crash.js';
import { T0, harness, stopAll } from '../helpers.js';
import { errorOf, ref } from '../execution/wait.js';

const test = suite('worker crashes are read from facts, not message text');
test.after.each(stopAll);

const facts = { taskName: 'job', where: 'process' as const, exit: undefined, poolClosed: false };

test("a TerminateError's message text is not read: the exit the worker reported is", () => {
  const misleading = new workerpool.TerminateError('Workerpool Worker terminated Unexpectedly\n    exitCode: `9`\n    signalCode: `SIGHUP`\n');
  const error = failureOf(misleading, { ...facts, exit: { exitCode: 3, signal: null } }) as WorkerCrashError;
  assert.instance(error, WorkerCrashError);
  assert.equal([error.exitCode, error.signal, error.message], [3, null, 'The worker process running task "job" died (exit code 3)']);
  const reworded = failureOf(new workerpool.TerminateError('the worker went away'), { ...facts, exit: { exitCode: null, signal: 'SIGKILL' } }) as WorkerCrashError;
  assert.equal([reworded.exitCode, reworded.signal], [null, 'SIGKILL']);
});

test("a job's own Error whose message reads like workerpool's is the job's error, not a crash", () => {
  const error = failureOf(new Error('Pool terminated'), facts);
  assert.not.instance(error, WorkerCrashError);
  assert.is(error.message, 'Pool terminated');
});

test('whatever a pool we closed rejects with is a crash of that run, whatever its wording', () => {
  const error = failureOf(new Error('Le pool est terminé'), { ...facts, poolClosed: true }) as WorkerCrashError;
  assert.instance(error, WorkerCrashError);
  assert.is((error.cause as Error).message, 'Le pool est terminé');
});

test('out of memory is read from the cause code Node sets', () => {
  const cause = Object.assign(new Error('heap'), { code: 'ERR_WORKER_OUT_OF_MEMORY' });
  const error = failureOf(new workerpool.TerminateError('anything', cause), { ...facts, where: 'thread' }) as WorkerCrashError;
  assert.equal([error.outOfMemory, error.cause], [true, cause]);
});

for (const mode of ['threaded', 'forked'] as const) {
  test(`${mode}: process.exit(3) in a job still reports exitCode 3 end to end`, async () => {
    const { clock, scheduler } = harness({ maxWorkers: 1 });
    scheduler.addSingleTask({ name: 'dies', at: T0, processMethod: mode, action: ref('crash.ts', 'exit3') });
    scheduler.start();
    const failed = errorOf(scheduler, 'dies');
    await clock.advance(0);
    const error = (await failed) as WorkerCrashError;
    assert.instance(error, WorkerCrashError);
    assert.equal([error.exitCode, error.signal], [3, null]);
  });
}

test.run();
