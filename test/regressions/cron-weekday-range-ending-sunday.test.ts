// `MON-SUN` and `SAT-SUN` were rejected as "a range from low to high" because SUN read as 0;
// croner and cron-parser read a range ending in SUN as ending in 7 (Sunday), as `5-7` does.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CronTask } from '../../lib/tasks/cron-task.js';

const runs = (cron: string, after: string, n = 3): string[] =>
  new CronTask({ cron, timeZone: 'UTC', action: () => {} }).nextRuns(n, new Date(after)).map((d) => d.toISOString());

test('MON-SUN is every day; SAT-SUN and 6-7 are weekends; 5-7 is Friday to Sunday', () => {
  // 1 January 2027 is a Friday.
  assert.equal(runs('0 12 * * MON-SUN', '2027-01-01T13:00:00Z'), ['2027-01-02T12:00:00.000Z', '2027-01-03T12:00:00.000Z', '2027-01-04T12:00:00.000Z']);
  const weekends = ['2027-01-02T12:00:00.000Z', '2027-01-03T12:00:00.000Z', '2027-01-09T12:00:00.000Z'];
  assert.equal(runs('0 12 * * SAT-SUN', '2027-01-01T00:00:00Z'), weekends);
  assert.equal(runs('0 12 * * sat-sun', '2027-01-01T00:00:00Z'), weekends);
  assert.equal(runs('0 12 * * 6-7', '2027-01-01T00:00:00Z'), weekends);
  assert.equal(runs('0 12 * * 5-7', '2027-01-01T13:00:00Z'), ['2027-01-02T12:00:00.000Z', '2027-01-03T12:00:00.000Z', '2027-01-08T12:00:00.000Z']);
  assert.equal(runs('0 12 * * MON-SUN/3', '2027-01-01T00:00:00Z'), ['2027-01-03T12:00:00.000Z', '2027-01-04T12:00:00.000Z', '2027-01-07T12:00:00.000Z']);
});

test('SUN at the start of a range is still 0, and a range that wraps is still an error', () => {
  assert.equal(runs('0 12 * * SUN-MON', '2027-01-01T00:00:00Z', 2), ['2027-01-03T12:00:00.000Z', '2027-01-04T12:00:00.000Z']);
  assert.throws(() => new CronTask({ cron: '0 12 * * FRI-MON', action: () => {} }), /Expected a day of week range from low to high in "0 12 \* \* FRI-MON", got "FRI-MON"/);
});

test.run();
