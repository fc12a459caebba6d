import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseTimeOfDay, toMillis } from '../../lib/time/duration.js';

test('a number is integer milliseconds', () => {
  assert.is(toMillis(0, 'interval'), 0);
  assert.is(toMillis(1500, 'interval'), 1500);
});

test('an object is summed as elapsed time: { days: 1 } is 24 hours', () => {
  assert.is(toMillis({ days: 1 }, 'interval'), 86_400_000);
  assert.is(toMillis({ weeks: 1, hours: 1, minutes: 1, seconds: 1, milliseconds: 1 }, 'interval'), 608_461_001);
  assert.is(toMillis({ hours: 1.5 }, 'interval'), 5_400_000);
  assert.is(toMillis({}, 'interval'), 0);
});

test('the sum of an object is rounded to the nearest whole millisecond, not cut down', () => {
  assert.is(toMillis({ seconds: 0.0015 }, 'interval'), 2);
  assert.is(toMillis({ seconds: 0.9999 }, 'interval'), 1000);
  assert.is(toMillis({ milliseconds: 0.4 }, 'interval'), 0);
});

test('bad durations name the option, what was expected and what was given', () => {
  assert.throws(() => toMillis(-1, 'interval'), (e: unknown) => e instanceof RangeError
    && (e as Error).message === 'Expected `interval` to be a non-negative integer (ms), got `-1` (number)');
  assert.throws(() => toMillis(Number.NaN, 'timeout'), (e: unknown) => e instanceof TypeError && /`timeout`/.test((e as Error).message));
  assert.throws(() => toMillis(1.5, 'interval'), TypeError);
  assert.throws(() => toMillis({ hour: 1 } as never, 'interval'), (e: unknown) => e instanceof TypeError && /`interval.hour`/.test((e as Error).message));
  assert.throws(() => toMillis({ hours: -1 }, 'interval'), RangeError);
  assert.throws(() => toMillis({ hours: Number.POSITIVE_INFINITY }, 'interval'), TypeError);
  assert.throws(() => toMillis('5s' as never, 'interval'), TypeError);
  assert.throws(() => toMillis(null as never, 'interval'), TypeError);
});

test('times of day come as [h, m], [h, m, s], "HH:MM" or "HH:MM:SS"', () => {
  assert.equal(parseTimeOfDay([9, 30]), [9, 30, 0]);
  assert.equal(parseTimeOfDay([23, 59, 59]), [23, 59, 59]);
  assert.equal(parseTimeOfDay('07:05'), [7, 5, 0]);
  assert.equal(parseTimeOfDay('7:05:09'), [7, 5, 9]);
});

test('out-of-range or malformed times of day are rejected, naming the option', () => {
  assert.throws(() => parseTimeOfDay([24, 0]), (e: unknown) => e instanceof RangeError && /`timeOnDay`/.test((e as Error).message));
  assert.throws(() => parseTimeOfDay([12, 60]), RangeError);
  assert.throws(() => parseTimeOfDay('25:00', 'at'), (e: unknown) => e instanceof RangeError && /`at`/.test((e as Error).message));
  assert.throws(() => parseTimeOfDay('9am'), TypeError);
  assert.throws(() => parseTimeOfDay([9]), TypeError);
  assert.throws(() => parseTimeOfDay([9.5, 0]), TypeError);
});

test.run();
