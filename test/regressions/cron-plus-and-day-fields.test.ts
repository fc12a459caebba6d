// croner (OCPS 1.4): a `+` before the day-of-week field makes both day fields required
// (`0 12 1 * +MON` = a 1st that is a Monday), where plain Vixie cron would OR them.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CronTask } from '../../lib/tasks/cron-task.js';

const runs = (cron: string, after: string, n = 4): string[] =>
  new CronTask({ cron, timeZone: 'UTC', action: () => {} }).nextRuns(n, new Date(after)).map((d) => d.toISOString());

test('+MON ANDs the day fields: only a 1st that is a Monday', () => {
  assert.equal(runs('0 12 1 * +MON', '2027-01-01T00:00:00Z'), [
    '2027-02-01T12:00:00.000Z', '2027-03-01T12:00:00.000Z', '2027-11-01T12:00:00.000Z', '2028-05-01T12:00:00.000Z',
  ]);
  // Without +, the 1st or any Monday (Vixie).
  assert.equal(runs('0 12 1 * MON', '2027-01-01T00:00:00Z', 2), ['2027-01-01T12:00:00.000Z', '2027-01-04T12:00:00.000Z']);
});

test('+ works with the special day forms, and +* or +? leave the day of month alone', () => {
  // The last day of the month when it is a Friday: 30 April 2027, 31 December 2027.
  assert.equal(runs('0 12 L * +FRI', '2027-01-01T00:00:00Z', 2), ['2027-04-30T12:00:00.000Z', '2027-12-31T12:00:00.000Z']);
  assert.equal(runs('0 12 15 * +*', '2027-01-01T00:00:00Z', 2), runs('0 12 15 * *', '2027-01-01T00:00:00Z', 2));
  assert.equal(runs('0 12 15 * +?', '2027-01-01T00:00:00Z', 2), runs('0 12 15 * *', '2027-01-01T00:00:00Z', 2));
});

test('+ alone, or on another field, is a RangeError naming the field', () => {
  const bad: Array<[string, string]> = [
    ['0 12 1 * +', 'Expected day of week after the + prefix in "0 12 1 * +", got "+"'],
    ['0 12 +1 * MON', 'Expected the + prefix (both day fields must match) only before day of week in "0 12 +1 * MON", got day of month "+1"'],
  ];
  for (const [cron, message] of bad) {
    assert.throws(() => new CronTask({ cron, action: () => {} }), (e: unknown) => e instanceof RangeError && e.message === `Invalid \`cron\` expression: ${message}`, cron);
  }
});

test.run();
