// croner/Quartz dialect: a 7th field holds the year (`0 0 0 1 1 * 2027`); we rejected it as
// "Expected 5 fields ... got 7". Years take values, ranges, lists and stepped ranges; a year
// list that is all in the past has no next run (found at once, never a 100-year walk).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CronTask } from '../../lib/tasks/cron-task.js';

const runs = (cron: string, after: string, n = 5): string[] =>
  new CronTask({ cron, timeZone: 'UTC', action: () => {} }).nextRuns(n, new Date(after)).map((d) => d.toISOString());

test('seven fields are seconds, the usual five, then the year', () => {
  assert.equal(runs('0 0 0 1 1 * 2027', '2026-06-01T00:00:00Z'), ['2027-01-01T00:00:00.000Z']);
  assert.equal(runs('30 15 10 * * * 2027', '2027-12-30T12:00:00Z'), ['2027-12-31T10:15:30.000Z']);
});

test('year ranges, lists, stepped ranges and value/step', () => {
  assert.equal(runs('0 0 0 1 1 * 2024-2030/2', '2025-06-01T00:00:00Z'), [
    '2026-01-01T00:00:00.000Z', '2028-01-01T00:00:00.000Z', '2030-01-01T00:00:00.000Z',
  ]);
  assert.equal(runs('0 0 0 1 1 * 2024,2026,2028', '2023-12-31T00:00:00Z'), [
    '2024-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', '2028-01-01T00:00:00.000Z',
  ]);
  assert.equal(runs('0 0 0 1 1 * 1-9999/2', '2024-01-01T00:00:01Z', 3), [
    '2025-01-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z', '2029-01-01T00:00:00.000Z',
  ]);
  assert.equal(runs('0 0 0 1 1 * 2095/100', '2027-01-01T00:00:00Z', 2), ['2095-01-01T00:00:00.000Z', '2195-01-01T00:00:00.000Z']);
  assert.equal(runs('0 0 0 1 1 * *', '2027-01-01T00:00:00Z', 2), ['2028-01-01T00:00:00.000Z', '2029-01-01T00:00:00.000Z']);
});

test('a far year is reached by one jump, and the day fields apply within it', () => {
  assert.equal(runs('0 0 0 1 1 * 9999', '2027-01-01T00:00:00Z'), ['9999-01-01T00:00:00.000Z']);
  // 29 February in 2100 (not a leap year) never exists; 2104 is the first match in the range.
  assert.equal(runs('0 0 0 29 2 * 2100-2110', '2027-01-01T00:00:00Z'), ['2104-02-29T00:00:00.000Z', '2108-02-29T00:00:00.000Z']);
});

test('years all in the past, or never matching, give no next run', () => {
  assert.equal(runs('* * * * * * 2014', '2027-01-01T00:00:00Z'), []);
  assert.equal(runs('0 0 1 1 * * 2010-2015', '2027-01-01T00:00:00Z'), []);
  assert.equal(runs('0 0 0 1 1 * 2027', '2027-01-01T00:00:00Z'), []);
  assert.equal(runs('0 0 0 31 2 * 2030-9999', '2027-01-01T00:00:00Z'), []);
});

test('a bad year is a RangeError naming the year field', () => {
  const bad: Array<[string, string]> = [
    ['0 0 0 1 1 * 0', 'Expected year 1–9999 in "0 0 0 1 1 * 0", got 0'],
    ['0 0 0 1 1 * 10000', 'Expected year 1–9999 in "0 0 0 1 1 * 10000", got 10000'],
    ['0 0 0 1 1 * */2', 'Expected a year step from a start year (2024/2 or 2024-2030/2) in "0 0 0 1 1 * */2", got "*/2"'],
    ['0 0 0 1 1 * 2030-2020', 'Expected a year range from low to high in "0 0 0 1 1 * 2030-2020", got "2030-2020"'],
  ];
  for (const [cron, message] of bad) {
    assert.throws(() => new CronTask({ cron, action: () => {} }), (e: unknown) => e instanceof RangeError && e.message === `Invalid \`cron\` expression: ${message}`, cron);
  }
});

test.run();
