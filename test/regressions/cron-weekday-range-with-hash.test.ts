// croner reads `MON-FRI#2` as the second Monday, Tuesday, ... Friday of the month and
// `5-6#L` as the last Friday and Saturday; we rejected any range before `#`. A `*` or `?`
// before `#` or `L` has no clear meaning and is a clear error.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CronTask } from '../../lib/tasks/cron-task.js';

const runs = (cron: string, after: string, n = 5): string[] =>
  new CronTask({ cron, timeZone: 'UTC', action: () => {} }).nextRuns(n, new Date(after)).map((d) => d.toISOString());

test('MON-FRI#2 is the second of each weekday Monday to Friday', () => {
  // January 2027 starts on a Friday: the 8th is the second Friday, the 11th–14th the second Mon–Thu.
  assert.equal(runs('0 12 * * MON-FRI#2', '2027-01-01T00:00:00Z', 6), [
    '2027-01-08T12:00:00.000Z', '2027-01-11T12:00:00.000Z', '2027-01-12T12:00:00.000Z', '2027-01-13T12:00:00.000Z',
    '2027-01-14T12:00:00.000Z', '2027-02-08T12:00:00.000Z',
  ]);
  assert.equal(runs('0 12 * * 1-5#2', '2027-01-01T00:00:00Z', 6), runs('0 12 * * MON-FRI#2', '2027-01-01T00:00:00Z', 6));
});

test('SAT-SUN#L and 6-7L are the last Saturday and Sunday; a stepped range applies to each value', () => {
  const want = ['2027-01-30T12:00:00.000Z', '2027-01-31T12:00:00.000Z', '2027-02-27T12:00:00.000Z', '2027-02-28T12:00:00.000Z'];
  assert.equal(runs('0 12 * * SAT-SUN#L', '2027-01-01T00:00:00Z', 4), want);
  assert.equal(runs('0 12 * * 6-7L', '2027-01-01T00:00:00Z', 4), want);
  // Monday, Wednesday and Friday, each the first of the month: 1, 4 and 6 January 2027.
  assert.equal(runs('0 12 * * 1-5/2#1', '2027-01-01T00:00:00Z', 3), ['2027-01-01T12:00:00.000Z', '2027-01-04T12:00:00.000Z', '2027-01-06T12:00:00.000Z']);
});

test('* or ? before # or L, and a bad occurrence, are RangeErrors naming day of week', () => {
  const bad: Array<[string, string]> = [
    ['0 12 * * *#2', 'Expected day of week n#k with a weekday, name or range before # in "0 12 * * *#2", got "*#2"'],
    ['0 12 * * ?L', 'Expected day of week nL with a weekday, name or range before L in "0 12 * * ?L", got "?L"'],
    ['0 12 * * 1-5#6', 'Expected day of week n#k with k 1–5 in "0 12 * * 1-5#6", got "1-5#6"'],
    ['0 12 * * 1#2#3', 'Expected day of week n#k with k 1–5 in "0 12 * * 1#2#3", got "1#2#3"'],
  ];
  for (const [cron, message] of bad) {
    assert.throws(() => new CronTask({ cron, action: () => {} }), (e: unknown) => e instanceof RangeError && e.message === `Invalid \`cron\` expression: ${message}`, cron);
  }
});

test.run();
