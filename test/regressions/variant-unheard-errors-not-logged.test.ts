// ThreadedScheduler/ForkedScheduler take a `logger`: "where errors go when nobody listens for
// `error`" (VariantOptions). The proxy never used it for that: a failing task, a dead host or
// a run lost with it went nowhere when no `error` listener was set. Like Scheduler's, the
// proxy now logs an `error` nobody hears, and only then (issue 14 made the host send only the
// events the proxy listens to; errors still cross, for this).
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ForkedScheduler } from '../../lib/variants/forked-scheduler.js';
import { ThreadedScheduler } from '../../lib/variants/threaded-scheduler.js';
import { RunLostError, SchedulerCrashError } from '../../lib/errors.js';
import type { Logger } from '../../lib/types.js';
import { ref } from '../execution/wait.js';
import { hostJob, nextEvent, stopTracked, track, until } from '../variants/helpers.js';

const test = suite('a variant logs the errors nobody listens to');
test.after.each(stopTracked);

function recorder(): Logger & { errors: Array<[string, unknown]> } {
  const errors: Array<[string, unknown]> = [];
  return { errors, warn() {}, error: (message, details) => void errors.push([message, details]) };
}

test('a failing task with no error listener: logged, with the revived error', async () => {
  const logger = recorder();
  const s = track(new ThreadedScheduler({ logger }));
  await s.start();
  await s.addSingleTask({ name: 'boom', at: Date.now(), processMethod: 'concurrent', action: ref('fail.ts', 'throws') });
  const [message, error] = await until(() => logger.errors[0], 'the logged error', 10_000);
  assert.is(message, 'Task "boom" failed');
  assert.instance(error, RangeError);
  assert.is((error as Error).message, 'thrown in the job');
});

test('with an error listener: heard, not logged', async () => {
  const logger = recorder();
  const s = track(new ThreadedScheduler({ logger }));
  const heard = nextEvent(s, 'error');
  await s.start();
  await s.addSingleTask({ name: 'boom', at: Date.now(), processMethod: 'concurrent', action: ref('fail.ts', 'throws') });
  assert.instance((await heard).error, RangeError);
  await s.tasks(); // a round trip: whatever the host sent before has arrived
  assert.equal(logger.errors, []);
});

test('a host killed under a run, nobody listening: the crash and the lost run are logged', async () => {
  const logger = recorder();
  const s = track(new ForkedScheduler({ logger, maxAttempts: 1, restart: false }));
  await s.start();
  await s.addSingleTask({ name: 'killer', at: Date.now() + 50, processMethod: 'concurrent', action: hostJob('killHost') });
  await until(() => (logger.errors.length >= 2 ? true : undefined), 'two logged errors', 10_000);
  assert.equal(logger.errors.map(([message, error]) => [message, (error as Error).constructor.name]), [
    ['Scheduler error', SchedulerCrashError.name],
    ['Task "killer" failed', RunLostError.name],
  ]);
});

test.run();
