// issue 10.2: the README's own pattern, `callOnStartup(schedule); await startScheduler()`, with
// a typo in `schedule()` printed one logged error, added no tasks after the bad line, and let
// the app run on with exit code 0. startScheduler() must run every hook, start what the others
// added, and then reject with a StartupError naming each failed hook and its cause.
// A hook registered after start-up used to be kept and never run: it must run at once.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  addIntervalTask,
  callOnStartup,
  getScheduler,
  resetFacade,
  startScheduler,
  stopScheduler,
} from '../../lib/facade.js';
import { SchedulerError, StartupError } from '../../lib/errors.js';
import * as index from '../../lib/index.js';
import { ManualClock } from '../../lib/testing.js';
import type { Logger } from '../../lib/types.js';
import { T0 } from '../helpers.js';

const test = suite('start-up hook failures');

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

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.unreachable('expected a rejection');
  return undefined;
}

test('a typo in schedule(): startScheduler() rejects with a StartupError, after starting what the other hooks added', async () => {
  const runs: string[] = [];
  const typo = new TypeError('Unknown option `initialdelay`');
  callOnStartup(() => {
    addIntervalTask({ name: 'before', interval: 1000, action: () => runs.push('before') });
  });
  callOnStartup(function schedule() {
    throw typo;
  });
  callOnStartup(async () => {
    await Promise.resolve();
    addIntervalTask({ name: 'after', interval: 1000, action: () => runs.push('after') });
  });
  const error = await rejection(startScheduler());
  assert.instance(error, StartupError);
  assert.instance(error, SchedulerError);
  const startup = error as StartupError;
  assert.is(startup.name, 'StartupError');
  assert.equal(startup.failures, [{ hook: 'schedule', index: 1, error: typo }]);
  assert.is(startup.cause, typo);
  assert.is(
    startup.message,
    '1 start-up hook failed: schedule (hook #1): TypeError: Unknown option `initialdelay`',
  );
  // The scheduler did start, with the tasks of the hooks that worked.
  assert.is(getScheduler().isRunning, true);
  assert.equal(getScheduler().tasks().map((t) => t.name).sort(), ['after', 'before']);
  await clock.flush();
  await clock.advance(1000);
  assert.equal(runs.sort(), ['after', 'after', 'before', 'before']);
});

test('every failed hook is listed, anonymous ones by index, whatever they threw', async () => {
  callOnStartup(() => {
    throw 'plain string';
  });
  callOnStartup(() => {});
  callOnStartup(async function loadJobs() {
    await Promise.resolve();
    throw new RangeError('bad');
  });
  const error = (await rejection(startScheduler())) as StartupError;
  assert.instance(error, StartupError);
  assert.equal(error.failures.map((f) => [f.hook, f.index]), [['anonymous', 0], ['loadJobs', 2]]);
  assert.is(
    error.message,
    '2 start-up hooks failed: anonymous (hook #0): `"plain string"` (string); loadJobs (hook #2): RangeError: bad',
  );
  assert.is(getScheduler().isRunning, true);
});

test('StartupError is exported from the package entry', () => {
  assert.type(index.StartupError, 'function');
  assert.is(index.StartupError, StartupError);
});

test('callOnStartup after start-up runs the hook at once', async () => {
  await startScheduler();
  const order: string[] = [];
  const done = callOnStartup(() => {
    order.push('late');
    addIntervalTask({ name: 'late', interval: 1000, action: () => {} });
  });
  assert.equal(order, ['late']);
  await done;
  assert.equal(getScheduler().tasks().map((t) => t.name), ['late']);
});

test('callOnStartup after start-up: a failing hook rejects with a StartupError', async () => {
  await startScheduler();
  const cause = new Error('late failure');
  const error = await rejection(
    callOnStartup(async function late() {
      await Promise.resolve();
      throw cause;
    }) as Promise<void>,
  );
  assert.instance(error, StartupError);
  assert.equal((error as StartupError).failures, [{ hook: 'late', index: 0, error: cause }]);
});

test('a hook added by a running start-up hook runs in the same start-up, in order', async () => {
  const order: string[] = [];
  callOnStartup(() => {
    order.push('first');
    callOnStartup(() => order.push('added'));
  });
  callOnStartup(() => order.push('second'));
  await startScheduler();
  assert.equal(order, ['first', 'second', 'added']);
  // Stop and start again: start-up hooks do not run twice.
  await stopScheduler();
  await startScheduler();
  assert.equal(order, ['first', 'second', 'added']);
});

test.run();
