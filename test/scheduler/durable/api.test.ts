import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Scheduler } from '../../../lib/scheduler/scheduler.js';
import { DuplicateHandlerError, HandlerNotFoundError, TaskNotFoundError } from '../../../lib/errors.js';
import { ManualClock } from '../../../lib/testing.js';
import { IntervalTask } from '../../../lib/tasks/interval-task.js';
import { currentRun } from '../../../lib/execution/current-run.js';
import { T0, node, rejects, stopNodes, world } from './helpers.js';

const test = suite('durable engine: the Scheduler API on a durable store');
test.after.each(stopNodes);
const MIN = 60_000;

test('declaring from two processes: created, then unchanged, on the same grid; a changed spec is updated', async () => {
  const { clock, store } = world();
  const a = node(store, clock);
  const b = node(store, clock);
  const first = await a.scheduler.addIntervalTask({ name: 'g', action: 'h', interval: MIN, initialDelay: MIN });
  await clock.set(T0 + 25_000); // the second process starts later: the grid must not move
  const again = await b.scheduler.addIntervalTask({ name: 'g', action: 'h', interval: MIN, initialDelay: MIN });
  assert.equal([first.result, again.result], ['created', 'unchanged']);
  assert.equal(again.task.nextRunAt, new Date(T0 + MIN));
  const changed = await b.scheduler.addIntervalTask({ name: 'g', action: 'h', interval: 2 * MIN, initialDelay: MIN });
  assert.is(changed.result, 'updated');
  assert.equal(changed.task.nextRunAt, new Date(T0 + 25_000 + MIN));
  assert.equal(await a.scheduler.nextRunsBetween('g', T0, T0 + 6 * MIN), [new Date(T0 + 85_000), new Date(T0 + 205_000), new Date(T0 + 325_000)]);
});

test('a closure is a TypeError that says to define it; so are around hooks and values JSON cannot carry', async () => {
  const { clock, store } = world();
  const a = node(store, clock);
  try {
    await a.scheduler.addIntervalTask({ name: 'c', interval: 1000, action: function sendReport() {} });
    assert.unreachable('a closure was accepted');
  } catch (error) {
    assert.instance(error, TypeError);
    assert.match((error as Error).message, /scheduler\.define\('sendReport', fn\)/);
  }
  await rejects(() => a.scheduler.addIntervalTask({ name: 'c', interval: 1000, action: 'h', around: (_r, next) => next() }), /`around` is a function/);
  await rejects(() => a.scheduler.addIntervalTask({ name: 'c', interval: 1000, action: 'h', args: [1, { when: new Date(0) }] }), /Expected `args\[1\]\.when` to be JSON/);
  await rejects(() => a.scheduler.addIntervalTask({ interval: 1000, action: 'h' }), /Expected `name` to be a non-empty string: every process declares/);
  await rejects(() => a.scheduler.addIntervalTask({ name: 'c', interval: 0, action: 'h' }), /Expected `interval`/);
  await rejects(() => a.scheduler.addIntervalTask({ name: 'c', interval: 1000, action: 'h', onLost: 'ignore' as 'fail' }), /Expected `onLost` to be one of 'retry', 'fail'/);
  assert.equal(await store.listSchedules(), [], 'nothing half-declared');
});

test('a SingleTask without a name gets a unique one; its Date is stored as epoch ms', async () => {
  const { clock, store } = world();
  const a = node(store, clock);
  const one = await a.scheduler.addSingleTask({ action: 'h', at: new Date(T0 + 5000) });
  const two = await a.scheduler.addSingleTask({ action: 'h', at: new Date(T0 + 5000) });
  assert.match(one.task.name, /^single-[0-9a-f-]{36}$/);
  assert.is.not(one.task.name, two.task.name);
  assert.equal((await store.getSchedule(one.task.name))?.options, { at: T0 + 5000 });
});

test('tasks, getTask, pause, resume, cancel answer with Promises in database time', async () => {
  const { clock, store } = world();
  const a = node(store, clock);
  await a.scheduler.addIntervalTask({ name: 'p', action: 'h', interval: MIN, initialDelay: MIN });
  await a.scheduler.addCronTask({ name: 'q', action: 'h', cron: '0 * * * *', timeZone: 'UTC', enabled: false });
  assert.equal((await a.scheduler.tasks()).map((t) => [t.name, t.state, t.nextRunAt]), [['p', 'scheduled', new Date(T0 + MIN)], ['q', 'paused', new Date(T0)]]);
  assert.is((await a.scheduler.getTask('p'))?.name, 'p');
  assert.is(await a.scheduler.getTask('nope'), undefined);
  await a.scheduler.pause('p');
  await clock.set(T0 + 3 * MIN + 10_000);
  await a.scheduler.resume('p');
  assert.equal((await a.scheduler.tasks())[0]?.nextRunAt, new Date(T0 + 4 * MIN), 'resumed on its grid, past slots dropped');
  await rejects(() => a.scheduler.pause('nope'), TaskNotFoundError);
  const cancelled: string[] = [];
  a.scheduler.on('cancel', ({ task }) => void cancelled.push(task.name));
  assert.is(await a.scheduler.cancel('p'), true);
  assert.is(await a.scheduler.cancel('p'), false);
  assert.equal(cancelled, ['p']);
  await rejects(() => a.scheduler.runNow('p'), TaskNotFoundError);
});

test('define: the same pair again is fine; another function under the name, a bad name or handler throw', () => {
  const s = new Scheduler({ clock: new ManualClock(T0) });
  const fn = (): void => {};
  s.define('x', fn).define('x', fn);
  assert.throws(() => s.define('x', () => {}), (e: unknown) => e instanceof DuplicateHandlerError && /"x"/.test((e as Error).message));
  assert.throws(() => s.define('', fn), /Expected `name` to be a non-empty string/);
  assert.throws(() => s.define('y', 'fn' as never), /Expected `handler` to be a function/);
  assert.throws(() => s.define('z', class Job {} as never), /Expected `handler` to be a function \(not a class\)/);
});

test('in memory too, a string action names a defined handler, resolved when the task is added', async () => {
  const clock = new ManualClock(T0);
  const s = new Scheduler({ clock });
  const ran: number[] = [];
  s.define('tick', (n: number) => void ran.push(n));
  const task = s.addIntervalTask({ name: 't', action: 'tick', args: [7], interval: 1000 });
  assert.is(typeof task.action, 'function');
  assert.throws(() => s.addIntervalTask({ action: 'nope', interval: 1000 }), (e: unknown) => e instanceof HandlerNotFoundError && /"nope"/.test((e as Error).message));
  s.start();
  await clock.advance(1000);
  await s.stop();
  assert.equal(ran, [7, 7]);
});

test('a run claimed for a handler this process lacks fails with HandlerNotFoundError, and the loop goes on', async () => {
  const { clock, store } = world();
  const a = node(store, clock);
  await a.scheduler.addSingleTask({ name: 'orphan', action: 'undefined-here', at: T0 + 1000 });
  a.scheduler.start();
  await clock.advance(1000);
  const [error] = a.of('error') as Array<{ error: Error }>;
  assert.instance(error?.error, HandlerNotFoundError);
  assert.is((await store.runs('orphan', 1))[0]?.status, 'error');
});

test('unknown scheduler options still throw; durable options are checked', () => {
  assert.throws(() => new Scheduler({ queues: [] }), /Expected `queues` to be a non-empty array/);
  assert.throws(() => new Scheduler({ leaseMs: 0 }), /Expected `leaseMs` to be an integer ≥ 3/);
  assert.throws(() => new Scheduler({ store: {} as never }), /Expected `store` to be a Store/);
  assert.throws(() => new Scheduler({ pollInterval: 'x' as never }), /Expected `pollInterval`/);
  assert.throws(() => new Scheduler({ keepRuns: -1 }), /Expected `keepRuns` to be an integer ≥ 0, got `-1`/);
  assert.throws(() => new Scheduler({ keepRuns: 1.5 }), /Expected `keepRuns` to be an integer ≥ 0/);
  assert.throws(() => new Scheduler({ keepFor: 'a week' as never }), /`keepFor`/);
  assert.throws(() => new Scheduler({ keepFor: { fortnights: 1 } as never }), /`keepFor\.fortnights`/);
  new Scheduler({ keepRuns: null, keepFor: null });
  new Scheduler({ keepRuns: 0, keepFor: { days: 30 } });
});

test('runNow with skipNext: a manual run now, and the next regular slot is skipped', async () => {
  const { clock, store } = world();
  const a = node(store, clock);
  const ran: string[] = [];
  a.scheduler.define('k', () => void ran.push(`${currentRun()!.kind}@${currentRun()!.scheduledAt.getTime() - T0}`));
  await a.scheduler.addIntervalTask({ name: 'k', action: 'k', interval: 1000, initialDelay: 1000 });
  a.scheduler.start();
  await clock.advance(400);
  assert.equal(await a.scheduler.runNow('k', { skipNext: true } as never), new Date(T0 + 400));
  assert.equal((await a.scheduler.tasks())[0]?.nextRunAt, new Date(T0 + 2000));
  await clock.advance(1600);
  assert.equal(ran, ['manual@400', 'scheduled@2000']);
  await rejects(() => a.scheduler.runNow('k', { skipNext: 'yes' } as never), /Expected `skipNext` to be a boolean/);
  await rejects(() => a.scheduler.runNow('nope'), /run now/);
});

test("the scheduler's around hook wraps durable runs; Task instances are for memory only", async () => {
  const { clock, store } = world();
  const trail: string[] = [];
  const a = node(store, clock, {
    around: async (run, next) => {
      trail.push(`before ${run.name} ${run.kind}`);
      const value = await next();
      trail.push(`after ${String(value)}`);
      return value;
    },
  });
  a.scheduler.define('v', () => 42);
  await a.scheduler.addSingleTask({ name: 'w', action: 'v', at: T0 + 10 });
  a.scheduler.start();
  await clock.advance(10);
  assert.equal(trail, ['before w scheduled', 'after 42']);
  assert.equal((a.of('success') as Array<{ value: unknown }>).map((e) => e.value), [42]);
  const task = new IntervalTask({ interval: 1000, action: () => {} });
  assert.throws(() => a.scheduler.add(task), /add\(\) takes a Task instance, which a durable store cannot keep/);
  assert.throws(() => a.scheduler.scheduleTask(task, 10), /scheduleTask\(\) takes a Task instance/);
  assert.throws(() => a.scheduler.scheduleTaskAbs(task, T0), /scheduleTaskAbs\(\) takes a Task instance/);
});

test.run();
