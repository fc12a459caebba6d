// Issue 9.17: a Date or Map given as a duration was read as 0 (its own enumerable keys are
// none), and numeric durations were not checked as safe integers (`jitter: 1e300`).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { IntervalTask } from '../../lib/tasks/interval-task.js';
import { toMillis } from '../../lib/time/duration.js';
import { throwsNaming } from '../throws-naming.js';

const action = () => {};

test('a Date, Map, Set, class instance or boxed number is not a duration', () => {
  class Span { seconds = 5; }
  throwsNaming(() => new IntervalTask({ action, interval: 1000, initialDelay: new Date() as never }), TypeError, 'initialDelay', /\(Date\)/);
  throwsNaming(() => new IntervalTask({ action, interval: 1000, misfireGraceTime: new Map() as never }), TypeError, 'misfireGraceTime', /Map/);
  throwsNaming(() => new IntervalTask({ action, interval: new Set() as never }), TypeError, 'interval');
  throwsNaming(() => new IntervalTask({ action, interval: new Span() as never }), TypeError, 'interval', /Span/);
  throwsNaming(() => new IntervalTask({ action, interval: Object(5) as never }), TypeError, 'interval');
});

test('numeric durations must be safe integers: 1e300 and 2^53 are refused', () => {
  throwsNaming(() => new IntervalTask({ action, interval: 1000, jitter: 1e300 }), RangeError, 'jitter', /1e\+300/);
  throwsNaming(() => new IntervalTask({ action, interval: 2 ** 53 }), RangeError, 'interval');
  throwsNaming(() => toMillis(1e300, 'timeout'), RangeError, 'timeout');
});

test('an object with a null prototype is a duration; long timeouts (over 2^31 - 1 ms) are accepted', () => {
  const parts = Object.assign(Object.create(null) as object, { seconds: 2 });
  assert.is(new IntervalTask({ action, interval: parts }).interval, 2000);
  assert.is(new IntervalTask({ action, interval: 1000, timeout: { days: 25 } }).policy.timeout, 2_160_000_000);
  assert.is(new IntervalTask({ action, interval: 1000, timeout: 2 ** 40 }).policy.timeout, 2 ** 40);
});

test.run();
