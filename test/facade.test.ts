import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  addIntervalTask,
  addMonthdayTask,
  addSingleTask,
  addWeekdayTask,
  callOnShutdown,
  callOnStartup,
  cancel,
  getScheduler,
  resetFacade,
  startScheduler,
  stopScheduler,
  NOT_STARTED_WARNING_MS,
} from '../lib/facade.js';
import { currentRun } from '../lib/execution/current-run.js';
import { StartupError } from '../lib/errors.js';
import { ManualClock } from '../lib/testing.js';
import type { Logger } from '../lib/types.js';
import { T0 } from './helpers.js';

const test = suite('facade');

let clock: ManualClock;
let logs: string[];

test.before.each(async () => {
  await resetFacade();
  clock = new ManualClock(T0);
  logs = [];
  const logger: Logger = { warn: (m) => logs.push(`warn: ${m}`), error: (m) => logs.push(`error: ${m}`) };
  getScheduler({ clock, logger });
});
test.after.each(() => resetFacade());

test('the TurboGears pattern: a schedule() start-up hook adds tasks, startScheduler() runs them', async () => {
  const runs: string[] = [];
  function schedule() {
    addIntervalTask({ name: 'sync', interval: 120_000, action: () => runs.push('sync') });
    addWeekdayTask({ name: 'ranking', weekdays: [1, 2, 3, 4, 5, 6, 7], timeOnDay: [0, 0], action: () => runs.push('ranking') });
    addMonthdayTask({ name: 'report', monthdays: [1], timeOnDay: '06:00', action: () => runs.push('report') });
  }
  callOnStartup(schedule);
  assert.equal(getScheduler().tasks(), []);
  await startScheduler();
  await clock.flush();
  assert.equal(getScheduler().tasks().map((t) => t.name).sort(), ['ranking', 'report', 'sync']);
  assert.equal(runs, ['sync']);
  await clock.advance(120_000);
  assert.equal(runs, ['sync', 'sync']);
});

test('start-up hooks run once, awaited and in order; a throwing hook is reported and the rest still run', async () => {
  const order: string[] = [];
  callOnStartup(async () => {
    await Promise.resolve();
    order.push('first');
  });
  callOnStartup(function broken() {
    throw new Error('hook failed');
  });
  callOnStartup(() => order.push('third'));
  const error = await startScheduler().then(() => undefined, (e: unknown) => e);
  assert.instance(error, StartupError);
  assert.is(getScheduler().isRunning, true);
  await stopScheduler();
  await startScheduler();
  assert.equal(order, ['first', 'third']);
  assert.ok(logs.some((l) => l.startsWith('error: Scheduler error')));
});

test('stopScheduler() stops the scheduler first, then runs the shut-down hooks', async () => {
  const order: string[] = [];
  getScheduler().on('stop', () => order.push('stopped'));
  callOnShutdown(() => order.push('hook'));
  await startScheduler();
  await stopScheduler();
  assert.equal(order, ['stopped', 'hook']);
});

test('cancel() removes a task of the default scheduler, by object or name', async () => {
  const task = addIntervalTask({ name: 'a', interval: 1000, action: () => {} });
  addSingleTask({ name: 'b', at: T0 + 1000, action: () => {} });
  assert.is(cancel(task), true);
  assert.is(cancel('b'), true);
  assert.is(cancel('b'), false);
});

test('tasks added but never started produce a warning (TurboGears silently ran nothing)', async () => {
  addIntervalTask({ name: 'forgotten', interval: 1000, action: () => {} });
  await clock.advance(NOT_STARTED_WARNING_MS - 1);
  assert.equal(logs, []);
  await clock.advance(1);
  assert.equal(logs, ['warn: 1 task(s) were added but the scheduler was never started; call startScheduler()']);
});

test('no warning when the scheduler is started in time', async () => {
  addIntervalTask({ name: 'fine', interval: 60_000, initialDelay: 60_000, action: () => {} });
  await startScheduler();
  await clock.advance(NOT_STARTED_WARNING_MS * 2);
  assert.equal(logs, []);
});

test('no warning when the default scheduler was started directly with getScheduler().start()', async () => {
  addIntervalTask({ name: 'direct', interval: 60_000, initialDelay: 60_000, action: () => {} });
  getScheduler().start();
  await clock.advance(NOT_STARTED_WARNING_MS * 2);
  process.emit('beforeExit', 0);
  assert.equal(logs, []);
});

test('currentRun() gives the running action its name, scheduled time, kind, signal and attempt', async () => {
  const seen: unknown[] = [];
  addSingleTask({
    name: 'ctx',
    at: T0 + 500,
    action: async () => {
      await Promise.resolve();
      const run = currentRun();
      seen.push(run?.name, run?.scheduledAt.getTime(), run?.kind, run?.signal instanceof AbortSignal, run?.attempt);
    },
  });
  await startScheduler();
  await clock.advance(500);
  assert.equal(seen, ['ctx', T0 + 500, 'scheduled', true, 1]);
  assert.is(currentRun(), undefined);
});

test('hooks must be functions', () => {
  assert.throws(() => callOnStartup('schedule' as never), /Expected `hook` to be a function/);
  assert.throws(() => callOnShutdown(null as never), /Expected `hook` to be a function/);
});

test.run();
