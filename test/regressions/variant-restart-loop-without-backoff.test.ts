// issue 9.9: an hourly task whose module exits its host gave 53-91 host restarts in 5 s.
// Restarts now back off exponentially up to a cap, each announced by a `restart` event,
// and the run that was lost is retried a bounded number of times, not at every restart.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { SchedulerCrashError } from '../../lib/errors.js';
import { silentLogger } from '../../lib/internal/logger.js';
import { RunLostError } from '../../lib/errors.js';
import { ForkedScheduler } from '../../lib/variants/forked-scheduler.js';
import type { ProxyEvents } from '../../lib/variants/protocol.js';
import { hostJob, nextEvent, stopTracked, track } from '../variants/helpers.js';

const test = suite('host restarts back off');
test.after.each(stopTracked);

test('an hourly task that exits its host: restarts wait 50, 100, 150 (cap) ms; the lost run is retried twice, then given up', async () => {
  const s = track(new ForkedScheduler({ logger: silentLogger, restartDelay: 50, maxRestartDelay: 150, maxAttempts: 3 }));
  const restarts: Array<ProxyEvents['restart']> = [];
  const errors: unknown[] = [];
  s.on('restart', (event) => restarts.push(event));
  s.on('error', ({ error }) => errors.push(error));
  await s.addIntervalTask({ name: 'hourly', interval: 3_600_000, processMethod: 'concurrent', action: hostJob('exitHost') });
  const gaveUp = nextEvent(s, 'error', ({ error }) => error instanceof RunLostError && !error.willRetry);
  await s.start();
  await gaveUp;
  // Wait for the third host to be up: it must not lose anything more.
  const tasks = await s.tasks();
  assert.equal(tasks.map((t) => [t.name, t.runs, t.failures]), [['hourly', 3, 3]]);
  assert.equal(restarts.map((r) => [r.attempt, r.delayMs]), [[1, 50], [2, 100], [3, 150]]);
  for (const r of restarts) assert.instance(r.error, SchedulerCrashError);
  const lost = errors.filter((e): e is RunLostError => e instanceof RunLostError);
  assert.equal(lost.map((e) => [e.taskName, e.attempt, e.willRetry, e.exitCode]), [['hourly', 1, true, 3], ['hourly', 2, true, 3], ['hourly', 3, false, 3]]);
  assert.equal(errors.filter((e) => e instanceof SchedulerCrashError).length, 3);
  assert.equal(tasks[0]!.nextRunAt && tasks[0]!.nextRunAt.getTime() > Date.now() + 3_000_000, true, 'the next run is an hour on, not now');
});

test.run();
