// issue 9.2: `start()` after `stop()` had no tasks, and any call after `stop()` silently
// started a new, empty host that kept the process alive. The variants keep their tasks
// across stop/start as Scheduler does, a stopped proxy never holds the process open, and a
// call that cannot be served rejects with a typed error.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SchedulerCrashError } from '../../lib/errors.js';
import { silentLogger } from '../../lib/internal/logger.js';
import { ForkedScheduler } from '../../lib/variants/forked-scheduler.js';
import { ThreadedScheduler } from '../../lib/variants/threaded-scheduler.js';
import { ref } from '../execution/wait.js';
import { alive, nextEvent, stopTracked, track, until } from '../variants/helpers.js';

const test = suite('variants keep their tasks across stop() and start()');
test.after.each(stopTracked);

for (const [label, Variant] of [['ThreadedScheduler', ThreadedScheduler], ['ForkedScheduler', ForkedScheduler]] as const) {
  test(`${label}: tasks, states and counts survive stop(); start() runs them again`, async () => {
    const s = track(new Variant({ logger: silentLogger }));
    await s.addIntervalTask({ name: 'tick', interval: 100, processMethod: 'concurrent', action: ref('ok.ts') });
    await s.addIntervalTask({ name: 'idle', interval: 3_600_000, initialDelay: 3_600_000, processMethod: 'concurrent', action: ref('ok.ts'), enabled: false });
    await s.start();
    await nextEvent(s, 'success', ({ task }) => task.name === 'tick');
    await s.stop({ timeout: 1000 });
    const stopped = await s.tasks();
    assert.equal(stopped.map((t) => [t.name, t.state]), [['tick', 'scheduled'], ['idle', 'paused']]);
    const runs = stopped[0]!.runs;
    assert.ok(runs >= 1, `runs before stop: ${runs}`);
    assert.is(stopped[0]!.failures, 0);

    const again = nextEvent(s, 'success', ({ task }) => task.name === 'tick');
    await s.start();
    await again;
    const restarted = await s.tasks();
    assert.equal(restarted.map((t) => [t.name, t.state === 'paused']), [['tick', false], ['idle', true]]);
    assert.ok(restarted[0]!.runs > runs, `runs after start: ${restarted[0]!.runs}, before: ${runs}`);
  });
}

test('ForkedScheduler with restart: false: after its host died, calls reject with the crash; start() brings the tasks back', async () => {
  const s = track(new ForkedScheduler({ logger: silentLogger, restart: false }));
  await s.addIntervalTask({ name: 'keep', interval: 3_600_000, initialDelay: 3_600_000, processMethod: 'concurrent', action: ref('ok.ts') });
  await s.start();
  const pid = s.pid!;
  const crashed = nextEvent(s, 'error');
  process.kill(pid, 'SIGKILL');
  assert.instance((await crashed).error, SchedulerCrashError);
  assert.instance(await s.tasks().then(() => null, (error: unknown) => error), SchedulerCrashError);
  assert.instance(await s.runNow('keep').then(() => null, (error: unknown) => error), SchedulerCrashError);
  assert.is(s.pid, undefined, 'no new host was started behind the caller');
  await s.start();
  assert.equal((await s.tasks()).map((t) => t.name), ['keep']);
  assert.is.not(s.pid, pid);
  assert.not.ok(alive(pid));
});

test('a stopped variant keeps no process alive, even after calls made while stopped', async () => {
  const script = fileURLToPath(new URL('../fixtures/variants/stopped-exits.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  child.stderr.on('data', (chunk) => (err += chunk));
  const code = await new Promise<number | string>((resolve) => {
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      resolve('did not exit within 15 s');
    }, 15_000);
    child.on('exit', (exitCode) => {
      clearTimeout(guard);
      resolve(exitCode ?? -1);
    });
  });
  assert.is(code, 0, err);
  assert.equal(JSON.parse(out), { threaded: ['job'], forked: ['job'] });
  await until(() => (alive(child.pid!) ? undefined : true), 'the script to be gone');
});

test.run();
