// issue 9.24: after a host restart a cancelled task came back and tasks paused with
// `pause()` (no name) ran again; the old restart test checked names only. The restored
// state is checked here: what is listed, paused, and counted.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { silentLogger } from '../../lib/internal/logger.js';
import { ForkedScheduler } from '../../lib/variants/forked-scheduler.js';
import { ThreadedScheduler } from '../../lib/variants/threaded-scheduler.js';
import { ref } from '../execution/wait.js';
import { hostJob, nextEvent, stopTracked, track } from '../variants/helpers.js';

const test = suite('a host restart restores task state');
test.after.each(stopTracked);

const HOUR = 3_600_000;

test('ForkedScheduler: cancelled stays gone, pause() (all) stays paused, counts and failures kept', async () => {
  const s = track(new ForkedScheduler({ logger: silentLogger, restartDelay: 10 }));
  const starts: string[] = [];
  s.on('start', ({ task }) => starts.push(task.name));
  const options = { interval: HOUR, initialDelay: HOUR, processMethod: 'concurrent' as const };
  await s.addIntervalTask({ ...options, name: 'a', action: ref('ok.ts') });
  await s.addIntervalTask({ ...options, name: 'b', action: ref('ok.ts') });
  await s.addIntervalTask({ ...options, name: 'c', action: ref('fail.ts', 'throws') });
  await s.addIntervalTask({ ...options, name: 'pid', action: hostJob('pid') });
  await s.start();
  for (const name of ['b', 'b', 'c']) {
    const done = nextEvent(s, name === 'c' ? 'error' : 'success', (e) => e.task?.name === name);
    await s.runNow(name);
    await done;
  }
  const pidRun = nextEvent(s, 'success', ({ task }) => task.name === 'pid');
  await s.runNow('pid');
  const pid = (await pidRun).value as number;
  assert.is(await s.cancel('a'), true);
  await s.pause();
  const before = await s.tasks();

  const restarted = nextEvent(s, 'restart');
  process.kill(pid, 'SIGKILL');
  await restarted;
  const after = await s.tasks();
  const view = (list: typeof after) => list.map((t) => [t.name, t.state, t.runs, t.failures, t.nextRunAt?.getTime() ?? null]);
  assert.equal(view(after), view(before));
  assert.equal(view(after), [
    ['b', 'paused', 2, 0, before[0]!.nextRunAt!.getTime()],
    ['c', 'paused', 1, 1, before[1]!.nextRunAt!.getTime()],
    ['pid', 'paused', 1, 0, before[2]!.nextRunAt!.getTime()],
  ]);
  assert.is(after[1]!.lastOutcome?.status, 'error');
  // Resumed after the restart, `b` sits on its old grid.
  await s.resume('b');
  assert.equal((await s.tasks()).find((t) => t.name === 'b')!.state, 'scheduled');
  assert.equal(starts, ['b', 'b', 'c', 'pid']);
});

test('ThreadedScheduler: a task cancelled while the host is down is not restored', async () => {
  const s = track(new ThreadedScheduler({ logger: silentLogger, restartDelay: 300 }));
  await s.addIntervalTask({ name: 'gone', interval: HOUR, initialDelay: HOUR, processMethod: 'concurrent', action: ref('ok.ts') });
  await s.addIntervalTask({ name: 'kept', interval: HOUR, initialDelay: HOUR, processMethod: 'concurrent', action: ref('ok.ts') });
  await s.addSingleTask({ name: 'crash', at: Date.now() + 60_000, processMethod: 'concurrent', action: { module: new URL('../fixtures/variants/thread-jobs.ts', import.meta.url), export: 'crashThread' } });
  await s.start();
  const crashed = nextEvent(s, 'restart');
  await s.runNow('crash');
  await crashed;
  // The host is down for 300 ms: the cancel is kept by the proxy and wins over the restore.
  assert.is(await s.cancel('gone'), true);
  assert.equal((await s.tasks()).map((t) => t.name), ['kept', 'crash']);
});

test.run();
