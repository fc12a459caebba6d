// croner (OCPS 1.3) writes the last such weekday of the month as `FRI#L` or `5#L`; we took
// only `5L` and rejected `#L` as "k 1–5".
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CronTask } from '../../lib/tasks/cron-task.js';

const runs = (cron: string, after: string, n = 3): string[] =>
  new CronTask({ cron, timeZone: 'UTC', action: () => {} }).nextRuns(n, new Date(after)).map((d) => d.toISOString());

test('FRI#L, 5#L, fri#l and 5L all mean the last Friday of the month', () => {
  const want = ['2027-01-29T12:00:00.000Z', '2027-02-26T12:00:00.000Z', '2027-03-26T12:00:00.000Z'];
  for (const dow of ['FRI#L', '5#L', 'fri#l', '5L', 'FRIL']) assert.equal(runs(`0 12 * * ${dow}`, '2027-01-01T00:00:00Z'), want, dow);
});

test('7#L is the last Sunday, like 0#L', () => {
  assert.equal(runs('0 12 * * 7#L', '2027-01-01T00:00:00Z', 2), ['2027-01-31T12:00:00.000Z', '2027-02-28T12:00:00.000Z']);
});

test.run();
