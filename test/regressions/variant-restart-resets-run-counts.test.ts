// issue 9.13: a `maxRuns: 3` task in a ForkedScheduler whose host was killed after 2 runs
// ran 5 times in all: the restored task started counting again. Restored tasks keep their
// counts and limits.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { silentLogger } from '../../lib/internal/logger.js';
import { ForkedScheduler } from '../../lib/variants/forked-scheduler.js';
import { hostJob, nextEvent, stopTracked, track, until } from '../variants/helpers.js';

const test = suite('a host restart keeps run counts');
test.after.each(stopTracked);

test('maxRuns: 3, host killed after 2 runs: 3 runs in all, counts carried over', async () => {
  const s = track(new ForkedScheduler({ logger: silentLogger, restartDelay: 10 }));
  const values: unknown[] = [];
  s.on('success', ({ task, value }) => {
    if (task.name !== 'thrice') return;
    values.push(value);
    // Killed right after its second run, long before the third is due.
    if (values.length === 2) process.kill(value as number, 'SIGKILL');
  });
  await s.addIntervalTask({ name: 'thrice', interval: 1500, maxRuns: 3, processMethod: 'concurrent', action: hostJob('pid') });
  const restarted = nextEvent(s, 'restart');
  await s.start();
  await restarted;
  // Restored with runs: 2, the task has one run left: it leaves the registry after it.
  // (variant-restart-revives-cancelled-and-paused checks the restored counts themselves.)
  // A concurrent task leaves the registry when its last run starts: wait for that run's end too.
  await until(async () => (values.length >= 3 && (await s.tasks()).length === 0 ? true : undefined), 'the task to finish');
  assert.is(values.length, 3);
  assert.is(values[0], values[1]);
  assert.is.not(values[2], values[1], 'the third run is in the new host');
});

test.run();
