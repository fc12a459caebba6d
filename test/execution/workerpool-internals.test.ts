/**
 * The facts lib/execution/workerpool-internals.ts takes from workerpool's private fields
 * (docs/dependencies.md). If a workerpool upgrade moves or renames them, this suite fails
 * before a user sees a crash reported without its exit code or a queued run that never starts.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import workerpool from 'workerpool';
import type { Pool } from 'workerpool';
import { dispatchQueued, poolWorkers } from '../../lib/execution/workerpool-internals.js';
import type { PoolWorker } from '../../lib/execution/workerpool-internals.js';

const test = suite('workerpool internals we rely on');
const pools: Pool[] = [];
test.after.each(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.terminate(true)));
});

function pool(workerType: 'thread' | 'process'): Pool {
  const created = workerpool.pool({ maxWorkers: 1, workerType });
  pools.push(created);
  return created;
}

/** A guard so a regression fails the test instead of hanging the suite. */
function within<T>(promise: PromiseLike<T>, what: string, ms = 10_000): Promise<T> {
  let guard: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => (guard = setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms)));
  return Promise.race([Promise.resolve(promise), timeout]).finally(() => clearTimeout(guard));
}

test('the private fields are where we read them', () => {
  const created = pool('thread') as unknown as { workers: unknown; _next: unknown };
  assert.ok(Array.isArray(created.workers), 'pool.workers is an array of WorkerHandlers');
  assert.type(created._next, 'function');
});

test('thread pool: poolWorkers() gives the worker_threads Worker (threadId), whose exit event carries the code', async () => {
  const threads = pool('thread');
  assert.equal(poolWorkers(threads), []);
  await within(threads.exec(() => 1, []), 'warm-up');
  const workers = poolWorkers(threads);
  assert.is(workers.length, 1);
  const worker = workers[0]!;
  assert.type(worker.once, 'function');
  assert.type(worker.terminate, 'function');
  assert.ok(typeof worker.threadId === 'number' && worker.threadId > 0, 'threadId');
  const exited = new Promise<unknown[]>((resolve) => worker.once('exit', (...args) => resolve(args)));
  threads.exec(() => process.exit(3), []).catch(() => {});
  assert.equal((await within(exited, 'thread exit'))[0], 3);
});

test('process pool: poolWorkers() gives the ChildProcess (pid, exitCode, signalCode, kill)', async () => {
  const processes = pool('process');
  const pid = await within(processes.exec(() => process.pid, []), 'first run');
  const workers = poolWorkers(processes);
  assert.is(workers.length, 1);
  const child: PoolWorker = workers[0]!;
  assert.equal([child.pid, child.exitCode, child.signalCode], [pid, null, null]);
  assert.type(child.kill, 'function');
});

test("a worker's death rejects its run with a TerminateError and no cause; our exit listener has run by a native promise's handler", async () => {
  const processes = pool('process');
  await within(processes.exec(() => 1, []), 'warm-up');
  const child = poolWorkers(processes)[0]!;
  let exit: unknown[] | undefined;
  child.once('exit', (...args) => (exit = args));
  const dying = processes.exec(() => new Promise(() => process.exit(3)), []);
  const error = await within(Promise.resolve(dying).then(() => undefined, (e: unknown) => ({ e, exit })), 'rejection');
  assert.instance(error!.e, workerpool.TerminateError);
  assert.is((error!.e as InstanceType<typeof workerpool.TerminateError>).cause, undefined);
  assert.equal(error!.exit, [3, null]);
});

test('dispatchQueued(): a run queued behind a worker that died starts', async () => {
  const processes = pool('process');
  const dying = processes.exec(() => new Promise(() => process.exit(3)), []);
  const queued = processes.exec(() => 'ran', []);
  await Promise.resolve(dying).then(
    () => assert.unreachable('the run whose worker died must fail'),
    () => dispatchQueued(processes),
  );
  assert.is(await within(queued, 'queued run'), 'ran');
});

test.run();
