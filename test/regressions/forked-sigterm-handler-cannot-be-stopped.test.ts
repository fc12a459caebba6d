/**
 * Issue 9.5: a CPU-bound forked job in a worker that handles SIGTERM could not be stopped.
 * Its timeout fired, but the worker kept its pool slot (other forked runs starved),
 * `stop({ timeout })` never resolved, and the process spun on after the parent exited.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { TaskTimeoutError } from '../../lib/errors.js';
import { T0, harness, stopAll } from '../helpers.js';
import { childPids, outcomeOf, ref, valueOf } from '../execution/wait.js';

const test = suite('a forked job that ignores SIGTERM is still killed');
test.after.each(stopAll);

const dir = mkdtempSync(join(tmpdir(), 'kronos-sigterm-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

/** Waits (real time) until the job has written its pid, i.e. ignores SIGTERM and spins. */
async function spinningPid(pidFile: string): Promise<number> {
  for (let waited = 0; !existsSync(pidFile) || readFileSync(pidFile, 'utf8') === ''; waited += 20) {
    if (waited > 15_000) throw new Error('the job never started');
    await sleep(20);
  }
  await sleep(20); // the write returned: the loop is next
  return Number(readFileSync(pidFile, 'utf8'));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Resolves with 'resolved', or 'hung' after `ms` of real time. */
function within<T>(promise: Promise<T>, ms: number): Promise<T | 'hung'> {
  let guard: NodeJS.Timeout | undefined;
  return Promise.race([promise, new Promise<'hung'>((resolve) => (guard = setTimeout(() => resolve('hung'), ms)))]).finally(() => clearTimeout(guard));
}

test('its timeout kills the worker, and the next forked run gets the slot', async () => {
  const { clock, scheduler } = harness({ maxWorkers: 1, workerOptions: { terminateTimeout: 100 } });
  const pidFile = join(dir, `pid-${++files}`);
  scheduler.addSingleTask({ name: 'stubborn', at: T0, timeout: 300, processMethod: 'forked', action: ref('stubborn.ts', 'spinsIgnoringSigterm'), args: [pidFile] });
  scheduler.start();
  const stubborn = outcomeOf(scheduler, 'stubborn');
  await clock.advance(0);
  const pid = await spinningPid(pidFile);
  assert.ok(alive(pid), 'the forked worker is spinning');
  await clock.advance(300);
  const outcome = await stubborn;
  assert.is(outcome.type, 'error');
  assert.instance((outcome as { payload: { error: unknown } }).payload.error, TaskTimeoutError);
  scheduler.addSingleTask({ name: 'next', at: clock.now(), processMethod: 'forked', action: ref('ok.ts'), args: ['next'] });
  const next = valueOf(scheduler, 'next');
  await clock.advance(0);
  assert.is(await within(next, 10_000), 'hello next', 'the next forked run is not starved');
  assert.not.ok(alive(pid), 'the spinning child is gone');
});

test('stop({ timeout: 1000 }) resolves and leaves no process behind', async () => {
  const { clock, scheduler } = harness({ maxWorkers: 1, workerOptions: { terminateTimeout: 100 } });
  const pidFile = join(dir, `pid-${++files}`);
  scheduler.addSingleTask({ name: 'stubborn', at: T0, processMethod: 'forked', action: ref('stubborn.ts', 'spinsIgnoringSigterm'), args: [pidFile] });
  scheduler.start();
  await clock.advance(0);
  const pid = await spinningPid(pidFile);
  assert.ok(alive(pid), 'the forked worker is spinning');
  const stopping = scheduler.stop({ timeout: 1000 });
  await clock.advance(1000);
  assert.is(await within(stopping.then(() => 'resolved'), 10_000), 'resolved');
  assert.not.ok(alive(pid), 'the spinning child is gone');
  assert.equal(await childPids(), []);
});

test.run();
