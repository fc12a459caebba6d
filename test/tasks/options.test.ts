import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { IntervalTask } from '../../lib/tasks/interval-task.js';
import { MonthdayTask, WeekdayTask } from '../../lib/tasks/day-tasks.js';
import { SingleTask } from '../../lib/tasks/single-task.js';
import { Scheduler } from '../../lib/scheduler/scheduler.js';
import { toMillis } from '../../lib/time/duration.js';

const action = () => {};

function throwsWith(fn: () => unknown, type: ErrorConstructor, message: RegExp): void {
  try {
    fn();
  } catch (error) {
    assert.instance(error, type);
    assert.match((error as Error).message, message);
    return;
  }
  assert.unreachable(`expected ${type.name} ${message}`);
}

test('interval: negative, NaN, zero, fractional and wrong-typed values name the option and the value', () => {
  throwsWith(() => new IntervalTask({ action, interval: -5 }), RangeError, /Expected `interval` to be a non-negative integer \(ms\), got `-5` \(number\)/);
  throwsWith(() => new IntervalTask({ action, interval: Number.NaN }), TypeError, /Expected `interval`.*got `NaN` \(number\)/);
  throwsWith(() => new IntervalTask({ action, interval: 0 }), RangeError, /Expected `interval` to be a duration of at least 1 ms, got `0`/);
  // The error names the value as given, not the ms it converts to (mutant: the rule's own guard answers instead).
  throwsWith(() => new IntervalTask({ action, interval: { seconds: 0 } }), RangeError, /at least 1 ms, got `\{"seconds":0\}` \(Object\)/);
  throwsWith(() => new IntervalTask({ action, interval: 1.5 }), TypeError, /got `1.5`/);
  throwsWith(() => new IntervalTask({ action, interval: '10' as never }), TypeError, /got `"10"` \(string\)/);
  throwsWith(() => new IntervalTask({ action, interval: { hours: 1, fortnights: 2 } as never }), TypeError, /Expected `interval.fortnights`/);
});

test('durations as objects are summed elapsed time', () => {
  assert.is(new IntervalTask({ action, interval: { days: 1 } }).interval, 86_400_000);
  assert.is(toMillis({ weeks: 1, hours: 2, minutes: 3, seconds: 4, milliseconds: 5 }, 'x'), 604_800_000 + 7_384_005);
});

test('weekdays: 0 and 8, empty lists and unknown names are rejected; names are accepted', () => {
  throwsWith(() => new WeekdayTask({ action, weekdays: [0], timeOnDay: [9, 0] }), RangeError, /Expected `weekdays` to be weekdays 1..7 \(1 = Monday\), got `0`/);
  throwsWith(() => new WeekdayTask({ action, weekdays: [8], timeOnDay: [9, 0] }), RangeError, /got `8`/);
  throwsWith(() => new WeekdayTask({ action, weekdays: [], timeOnDay: [9, 0] }), TypeError, /non-empty array/);
  throwsWith(() => new WeekdayTask({ action, weekdays: ['funday'], timeOnDay: [9, 0] }), TypeError, /got `"funday"`/);
  assert.equal(new WeekdayTask({ action, weekdays: ['Fri', 'mon', 1], timeOnDay: [9, 0] }).weekdays, [1, 5]);
});

test('monthdays: 0, 32 and -32 are rejected; -1 is accepted', () => {
  throwsWith(() => new MonthdayTask({ action, monthdays: [0], timeOnDay: [9, 0] }), RangeError, /0 is not a day/);
  throwsWith(() => new MonthdayTask({ action, monthdays: [32], timeOnDay: [9, 0] }), RangeError, /got `32`/);
  throwsWith(() => new MonthdayTask({ action, monthdays: [-32], timeOnDay: [9, 0] }), RangeError, /got `-32`/);
  assert.equal(new MonthdayTask({ action, monthdays: [-1, 15], timeOnDay: [9, 0] }).monthdays, [-1, 15]);
});

test('timeOnDay: [24, 0], [9, 60], bad strings and missing values are rejected', () => {
  throwsWith(() => new WeekdayTask({ action, weekdays: [1], timeOnDay: [24, 0] }), RangeError, /Expected `timeOnDay`.*got `\[24,0\]` \(array\)/);
  throwsWith(() => new WeekdayTask({ action, weekdays: [1], timeOnDay: [9, 60] }), RangeError, /timeOnDay/);
  throwsWith(() => new WeekdayTask({ action, weekdays: [1], timeOnDay: '9h30' }), TypeError, /got `"9h30"`/);
  throwsWith(() => new WeekdayTask({ action, weekdays: [1] } as never), TypeError, /Expected `timeOnDay`/);
  assert.equal(new WeekdayTask({ action, weekdays: [1], timeOnDay: '07:05:09' }).timeOnDay, [7, 5, 9]);
});

test('unknown keys are errors, with a hint for Kronos spellings', () => {
  throwsWith(() => new IntervalTask({ action, interval: 5, initialdelay: 3 } as never), TypeError, /Unknown option `initialdelay` for IntervalTask \(did you mean `initialDelay`\?\)/);
  throwsWith(() => new IntervalTask({ action, interval: 5, process_method: 'x' } as never), TypeError, /did you mean `processMethod`/);
  throwsWith(() => new Scheduler({ tick: 5 } as never), TypeError, /Unknown option `tick` for Scheduler/);
});

test('action must be a function or a module reference', () => {
  throwsWith(() => new IntervalTask({ action: 'nope' as never, interval: 5 }), TypeError, /Expected `action` to be a function or a module reference/);
  throwsWith(() => new IntervalTask({ action: { module: '' }, interval: 5 }), TypeError, /Expected `action.module`/);
});

test('a function with threaded or forked says to use a module reference or method.concurrent', () => {
  throwsWith(() => new IntervalTask({ action, interval: 5, processMethod: 'threaded' }), TypeError, /module reference.*method\.concurrent/);
  throwsWith(() => new IntervalTask({ action, interval: 5, processMethod: 'forked' }), TypeError, /module reference/);
});

test('policy options are checked: processMethod, catchUp, overlap, maxInstances, priority, timeout', () => {
  throwsWith(() => new IntervalTask({ action, interval: 5, processMethod: 'threads' as never }), TypeError, /one of 'sequential', 'concurrent', 'threaded', 'forked'/);
  throwsWith(() => new IntervalTask({ action, interval: 5, catchUp: 'always' as never }), TypeError, /Expected `catchUp`/);
  throwsWith(() => new IntervalTask({ action, interval: 5, overlap: 'wait' as never }), TypeError, /Expected `overlap`/);
  throwsWith(() => new IntervalTask({ action, interval: 5, maxInstances: 0 }), RangeError, /Expected `maxInstances` to be an integer ≥ 1, got `0`/);
  throwsWith(() => new IntervalTask({ action, interval: 5, priority: Number.POSITIVE_INFINITY }), TypeError, /Expected `priority`/);
  throwsWith(() => new IntervalTask({ action, interval: 5, timeout: 0 }), RangeError, /Expected `timeout`/);
  throwsWith(() => new IntervalTask({ action, interval: 5, name: '  ' }), TypeError, /Expected `name` to be a non-empty string/);
  throwsWith(() => new IntervalTask({ action, interval: 5, args: 'x' as never }), TypeError, /Expected `args` to be an array/);
  throwsWith(() => new IntervalTask({ action, interval: 5, kw: [] as never }), TypeError, /Expected `kw` to be a plain object/);
  throwsWith(() => new SingleTask({ action, at: new Date('nope') }), TypeError, /Expected `at`.*Invalid Date/);
});

test('default names are task-<n>; policies equal to the defaults are shared', () => {
  const a = new IntervalTask({ action, interval: 5 });
  const b = new IntervalTask({ action, interval: 6 });
  assert.match(a.name, /^task-\d+$/);
  assert.is.not(a.name, b.name);
  assert.is(a.policy, b.policy);
  assert.is(a.processMethod, 'concurrent');
});

test('a task that sets one policy gets the documented defaults for all the others', () => {
  const defaults = { processMethod: 'concurrent', maxInstances: 1, overlap: 'skip', catchUp: 'once', misfireGraceTime: 1000, maxCatchUp: 100, around: undefined, replace: false, enabled: true, maxRuns: Number.POSITIVE_INFINITY, jitter: 0 };
  assert.equal({ ...new IntervalTask({ action, interval: 5 }).policy }, { ...defaults, timeout: undefined });
  assert.equal({ ...new IntervalTask({ action, interval: 5, timeout: 250 }).policy }, { ...defaults, timeout: 250 });
  assert.equal({ ...new IntervalTask({ action, interval: 5, replace: true }).policy }, { ...defaults, timeout: undefined, replace: true });
});

test('kw is passed as a trailing argument only when given', async () => {
  const calls: unknown[][] = [];
  const record = (...args: unknown[]) => calls.push(args);
  await new IntervalTask({ action: record, interval: 5, args: [1, 2] }).execute();
  await new IntervalTask({ action: record, interval: 5, args: [1], kw: { a: 1 } }).execute();
  assert.equal(calls, [[1, 2], [1, { a: 1 }]]);
});

test.run();
