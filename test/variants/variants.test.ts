import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ForkedScheduler } from '../../lib/variants/forked-scheduler.js';
import { ThreadedScheduler } from '../../lib/variants/threaded-scheduler.js';
import type { SchedulerProxy } from '../../lib/variants/proxy.js';
import { SchedulerCrashError } from '../../lib/errors.js';
import { silentLogger } from '../../lib/internal/logger.js';
import { ref } from '../execution/wait.js';

const test = suite('ThreadedScheduler and ForkedScheduler');
const live = new Set<SchedulerProxy>();
test.after.each(async () => {
  for (const s of live) await s.stop({ timeout: 0 });
  live.clear();
});

function make<T extends SchedulerProxy>(s: T): T {
  live.add(s);
  return s;
}

function next<T>(s: SchedulerProxy, event: 'start' | 'success' | 'error' | 'cancel', guard = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${guard} ms`)), guard);
    const off = s.on(event, (payload) => {
      clearTimeout(timer);
      off();
      resolve(payload as T);
    });
  });
}

for (const [label, Variant] of [['ThreadedScheduler', ThreadedScheduler], ['ForkedScheduler', ForkedScheduler]] as const) {
  test(`${label}: add after start resolves to TaskInfo; runs, events, list, pause, resume, cancel go through the proxy`, async () => {
    const s = make(new Variant({ logger: silentLogger, maxWorkers: 1 }));
    await s.start();
    const success = next<{ task: { name: string }; value: unknown; run: { scheduledAt: Date } }>(s, 'success');
    const info = await s.addIntervalTask({ name: 'hello', interval: 60_000, processMethod: 'concurrent', action: ref('ok.ts'), args: ['proxy'] });
    assert.is(info.name, 'hello');
    assert.instance(info.nextRunAt, Date);
    const done = await success;
    assert.equal([done.task, done.value], [{ name: 'hello' }, 'hello proxy']);
    assert.instance(done.run.scheduledAt, Date);
    await s.pause('hello');
    assert.is((await s.tasks())[0]!.state, 'paused');
    await s.resume('hello');
    const cancelled = next<{ task: { name: string } }>(s, 'cancel');
    assert.is(await s.cancel('hello'), true);
    assert.equal((await cancelled).task, { name: 'hello' });
    assert.equal(await s.tasks(), []);
  });
}

test('ForkedScheduler: errors arrive serialized; a dead host emits error and comes back with its tasks', async () => {
  const s = make(new ForkedScheduler({ logger: silentLogger }));
  const failed = next<{ task: { name: string }; error: Error }>(s, 'error');
  await s.addSingleTask({ name: 'boom', at: Date.now(), processMethod: 'concurrent', action: ref('fail.ts', 'throws') });
  await s.start();
  const failure = await failed;
  assert.is(failure.task.name, 'boom');
  assert.instance(failure.error, RangeError);
  assert.is(failure.error.message, 'thrown in the job');

  await s.addIntervalTask({ name: 'steady', interval: 60_000, initialDelay: 60_000, processMethod: 'concurrent', action: ref('block.ts', 'tick') });
  const crash = next<{ error: Error }>(s, 'error');
  await s.addSingleTask({ name: 'killer', at: Date.now() + 50, processMethod: 'concurrent', action: ref('block.ts', 'killHost') });
  const { error } = await crash;
  assert.instance(error, SchedulerCrashError);
  assert.is((error as SchedulerCrashError).signal, 'SIGKILL');
  // Restarted with the tasks it had, minus the finished one-shot `boom`.
  let names: string[] = [];
  for (let i = 0; i < 50 && !names.includes('steady'); i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    names = await s.tasks().then((list) => list.map((t) => t.name)).catch(() => []);
  }
  assert.ok(names.includes('steady'), `restored tasks: ${names.join(', ')}`);
  assert.not.ok(names.includes('boom'));
});

test('ThreadedScheduler starts runs on time while the main thread is blocked 200 ms every second', async () => {
  const s = make(new ThreadedScheduler({ logger: silentLogger }));
  const lateness: number[] = [];
  s.on('start', ({ run }) => lateness.push(run.startedAt.getTime() - run.scheduledAt.getTime()));
  await s.addIntervalTask({ name: 'tick', interval: 50, processMethod: 'concurrent', action: ref('block.ts', 'tick') });
  await s.start();
  // The main thread's own timer, for comparison.
  const mainLateness: number[] = [];
  let expected = Date.now() + 50;
  const timer = setInterval(() => {
    mainLateness.push(Date.now() - expected);
    expected = Date.now() + 50;
  }, 50);
  for (let second = 0; second < 3; second++) {
    await new Promise((resolve) => setTimeout(resolve, 800));
    const until = Date.now() + 200;
    while (Date.now() < until) {
      // block the main thread
    }
  }
  clearInterval(timer);
  await new Promise((resolve) => setTimeout(resolve, 100)); // let the forwarded events arrive
  await s.stop({ timeout: 0 });
  lateness.sort((a, b) => a - b);
  const p99 = lateness[Math.floor(lateness.length * 0.99)]!;
  assert.ok(lateness.length >= 40, `runs seen: ${lateness.length}`);
  assert.ok(Math.max(...mainLateness) > 150, `main thread lateness max ${Math.max(...mainLateness)} ms`);
  assert.ok(p99 < 50, `worker lateness p99 ${p99} ms`);
});

test.run();
