// issue 9.6: a host whose event loop is blocked by an in-host action never answered, so
// `stop({ timeout })` never resolved, every call hung, and a forked host was orphaned at
// 100 % CPU. Every request now has a timeout, and stop() ends the host (terminate, then
// kill) when its reply does not come within `timeout` plus a grace.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { silentLogger } from '../../lib/internal/logger.js';
import { HostTimeoutError } from '../../lib/errors.js';
import { ForkedScheduler } from '../../lib/variants/forked-scheduler.js';
import { ThreadedScheduler } from '../../lib/variants/threaded-scheduler.js';
import { alive, hostJob, nextEvent, stopTracked, track } from '../variants/helpers.js';

const test = suite('a blocked variant host');
test.after.each(stopTracked);

function guard<T>(promise: Promise<T>, what: string, ms = 15_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms)));
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

for (const [label, Variant] of [['ThreadedScheduler', ThreadedScheduler], ['ForkedScheduler', ForkedScheduler]] as const) {
  test(`${label}: calls to a blocked host reject with HostTimeoutError; stop() ends the host`, async () => {
    const s = track(new Variant({ logger: silentLogger, requestTimeout: 500, stopGrace: 200 }));
    await s.addSingleTask({ name: 'pid', at: Date.now(), processMethod: 'concurrent', action: hostJob('pid') });
    const reported = nextEvent(s, 'success', ({ task }) => task.name === 'pid');
    await s.start();
    const pid = (await reported).value as number;
    const started = nextEvent(s, 'start', ({ task }) => task.name === 'spin');
    await s.addSingleTask({ name: 'spin', at: Date.now(), processMethod: 'concurrent', action: hostJob('spin') });
    await started;

    const error = await guard(s.tasks().then(() => null, (e: unknown) => e), 'tasks()');
    assert.instance(error, HostTimeoutError);
    assert.is((error as HostTimeoutError).op, 'tasks');
    assert.is((error as HostTimeoutError).timeoutMs, 500);

    await guard(s.stop({ timeout: 100 }), 'stop()');
    if (label === 'ForkedScheduler') {
      assert.is.not(pid, process.pid);
      assert.not.ok(alive(pid), `host ${pid} still alive`);
    }
    assert.is(s.pid, undefined);
  });
}

test.run();
