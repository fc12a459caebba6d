import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MAX_INSTANT_MS, toInstant } from '../../lib/internal/instant.js';

test('instants are accepted up to the Date range at both ends, inclusive', () => {
  assert.is(toInstant(MAX_INSTANT_MS, 'at'), 8.64e15);
  assert.is(toInstant(-MAX_INSTANT_MS, 'at'), -8.64e15);
  assert.is(toInstant(new Date(-MAX_INSTANT_MS), 'at'), -8.64e15);
});

test('instants one ms past either end of the Date range are a RangeError naming the option', () => {
  for (const value of [MAX_INSTANT_MS + 1, -MAX_INSTANT_MS - 1, 1e20, -1e20]) {
    assert.throws(() => toInstant(value, 'at'), (e: unknown) => e instanceof RangeError
      && /^Expected `at` to be a valid Date or epoch milliseconds within ±8640000000000000 \(the Date range\), got `/.test((e as Error).message));
  }
});

test.run();
