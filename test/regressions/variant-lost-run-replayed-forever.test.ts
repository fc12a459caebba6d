// issue 9.26: on a ForkedScheduler, a one-shot task whose module kills its host was
// restored and run again after every restart (26 crashes in 6 s). A run in flight when its
// host died is now reported as lost (how, and which attempt) and retried only up to
// `maxAttempts`. And the host child printed an unhandled EPIPE on stop.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SchedulerCrashError } from '../../lib/errors.js';
import { silentLogger } from '../../lib/internal/logger.js';
import { RunLostError } from '../../lib/errors.js';
import { ForkedScheduler } from '../../lib/variants/forked-scheduler.js';
import { hostJob, nextEvent, stopTracked, track } from '../variants/helpers.js';

const test = suite('a run lost with its host');
test.after.each(stopTracked);

test('a one-shot that kills its host: 2 attempts with maxAttempts: 2, each reported, then dropped', async () => {
  const s = track(new ForkedScheduler({ logger: silentLogger, restartDelay: 10, maxAttempts: 2 }));
  const lost: RunLostError[] = [];
  let crashes = 0;
  s.on('error', ({ task, run, error }) => {
    if (error instanceof SchedulerCrashError) crashes++;
    if (error instanceof RunLostError) {
      assert.equal(task, { name: 'killer' });
      assert.instance(run?.scheduledAt, Date);
      lost.push(error);
    }
  });
  await s.addIntervalTask({ name: 'steady', interval: 3_600_000, initialDelay: 3_600_000, processMethod: 'concurrent', action: hostJob('pid') });
  const at = Date.now() + 100;
  await s.addSingleTask({ name: 'killer', at, processMethod: 'concurrent', action: hostJob('killHost') });
  const gaveUp = nextEvent(s, 'error', ({ error }) => error instanceof RunLostError && !error.willRetry);
  await s.start();
  await gaveUp;
  const tasks = await s.tasks();
  assert.equal(tasks.map((t) => t.name), ['steady']);
  assert.equal(
    lost.map((e) => [e.taskName, e.attempt, e.maxAttempts, e.willRetry, e.signal]),
    [['killer', 1, 2, true, 'SIGKILL'], ['killer', 2, 2, false, 'SIGKILL']],
  );
  assert.is(lost[0]!.scheduledAt.getTime(), at);
  assert.match(lost[0]!.message, /killed by SIGKILL.*attempt 1 of 2/);
  assert.is(crashes, 2);
});

test('stopping a ForkedScheduler whose host is busy sending prints no EPIPE', async () => {
  const script = fileURLToPath(new URL('../fixtures/variants/stop-while-sending.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (chunk) => (err += chunk));
  const code = await new Promise<number | string>((resolve) => {
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      resolve('did not exit within 20 s');
    }, 20_000);
    child.on('exit', (exitCode) => {
      clearTimeout(guard);
      resolve(exitCode ?? -1);
    });
  });
  assert.is(code, 0, err);
  assert.not.match(err, /EPIPE|ERR_IPC|Unhandled|Error/);
});

test.run();
