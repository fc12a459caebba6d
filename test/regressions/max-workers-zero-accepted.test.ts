/**
 * Issue 9.25: `maxWorkers: 0` was accepted and failed only at the first threaded run. It is
 * a RangeError when the scheduler is constructed, naming the option, the expectation and
 * the value; a non-integer is a TypeError.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { normalizePoolOptions } from '../../lib/execution/pool-options.js';
import { Scheduler } from '../../lib/scheduler/scheduler.js';
import { ForkedScheduler } from '../../lib/variants/forked-scheduler.js';
import { ThreadedScheduler } from '../../lib/variants/threaded-scheduler.js';

const test = suite('maxWorkers is checked at construction');

const expectThrow = (fn: () => unknown, type: typeof TypeError | typeof RangeError, message: string) =>
  assert.throws(fn, (error: Error) => error.constructor === type && error.message === message);

test('maxWorkers: 0 and negative counts are RangeErrors from new Scheduler()', () => {
  expectThrow(() => new Scheduler({ maxWorkers: 0 }), RangeError, 'Expected `maxWorkers` to be an integer ≥ 1, got `0` (number)');
  expectThrow(() => new Scheduler({ maxWorkers: -2 }), RangeError, 'Expected `maxWorkers` to be an integer ≥ 1, got `-2` (number)');
});

test('non-integers are TypeErrors', () => {
  expectThrow(() => new Scheduler({ maxWorkers: 1.5 }), TypeError, 'Expected `maxWorkers` to be an integer ≥ 1, got `1.5` (number)');
  expectThrow(() => new Scheduler({ maxWorkers: '2' as never }), TypeError, 'Expected `maxWorkers` to be an integer ≥ 1, got `"2"` (string)');
  expectThrow(() => new Scheduler({ maxWorkers: Number.NaN }), TypeError, 'Expected `maxWorkers` to be an integer ≥ 1, got `NaN` (number)');
});

test('ThreadedScheduler and ForkedScheduler refuse them at construction too', () => {
  expectThrow(() => new ThreadedScheduler({ maxWorkers: 0 }), RangeError, 'Expected `maxWorkers` to be an integer ≥ 1, got `0` (number)');
  expectThrow(() => new ForkedScheduler({ maxWorkers: 1.5 }), TypeError, 'Expected `maxWorkers` to be an integer ≥ 1, got `1.5` (number)');
});

test('the pool options normaliser (shared by every scheduler kind) keeps 1 and the default', () => {
  assert.is(normalizePoolOptions({ maxWorkers: 1 }).maxWorkers, 1);
  assert.ok(normalizePoolOptions({}).maxWorkers >= 1);
  expectThrow(() => normalizePoolOptions({ maxWorkers: 0 }), RangeError, 'Expected `maxWorkers` to be an integer ≥ 1, got `0` (number)');
});

test.run();
