// Issue 9.17: `nextRunsBetween` did not validate `limit`: 'abc', NaN and -5 all gave [].
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { harness, stopAll, T0 } from '../helpers.js';
import { throwsNaming } from '../throws-naming.js';

test.after.each(stopAll);

test('a limit that is not a non-negative integer is refused, naming limit', () => {
  const { scheduler } = harness();
  scheduler.addIntervalTask({ name: 'i', action: () => {}, interval: 1000 });
  throwsNaming(() => scheduler.nextRunsBetween('i', T0, T0 + 10_000, 'abc' as never), TypeError, 'limit', /"abc"/);
  throwsNaming(() => scheduler.nextRunsBetween('i', T0, T0 + 10_000, Number.NaN), TypeError, 'limit');
  throwsNaming(() => scheduler.nextRunsBetween('i', T0, T0 + 10_000, 2.5), TypeError, 'limit');
  throwsNaming(() => scheduler.nextRunsBetween('i', T0, T0 + 10_000, -5), RangeError, 'limit', /-5/);
});

test('valid limits bound the list exactly', () => {
  const { scheduler } = harness();
  scheduler.addIntervalTask({ name: 'i', action: () => {}, interval: 1000 });
  assert.equal(scheduler.nextRunsBetween('i', T0 + 500, T0 + 10_500, 0), []);
  assert.equal(scheduler.nextRunsBetween('i', T0 + 500, T0 + 10_500, 3), [new Date(T0 + 1000), new Date(T0 + 2000), new Date(T0 + 3000)]);
  assert.is(scheduler.nextRunsBetween('i', T0 + 500, T0 + 10_500).length, 10);
});

test.run();
