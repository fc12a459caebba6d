// croner and cron-parser read `?` as `*` in every field (croner also with a step, `?/15`);
// Quartz uses it in the day fields. We accepted it only in the day fields.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CronTask } from '../../lib/tasks/cron-task.js';

const runs = (cron: string, after: string, n = 4): string[] =>
  new CronTask({ cron, timeZone: 'UTC', action: () => {} }).nextRuns(n, new Date(after)).map((d) => d.toISOString());

test('? is * in the second, minute, hour, month and year fields', () => {
  for (const [q, star] of [
    ['? 30 * * * mon', '* 30 * * * mon'],
    ['0 ? * * * *', '0 * * * * *'],
    ['0 0 ? * * *', '0 0 * * * *'],
    ['0 0 12 1 ? *', '0 0 12 1 * *'],
    ['0 0 12 1 1 * ?', '0 0 12 1 1 * *'],
    ['? ? ? ? ? ?', '* * * * * *'],
    ['0 ?/15 * * * *', '0 */15 * * * *'],
  ]) {
    assert.equal(runs(q as string, '2027-01-01T00:00:00Z'), runs(star as string, '2027-01-01T00:00:00Z'), q);
  }
  assert.equal(runs('0 ?/15 * * * *', '2027-01-01T00:00:00Z', 2), ['2027-01-01T00:15:00.000Z', '2027-01-01T00:30:00.000Z']);
  assert.equal(runs('0 0 12 1 ? *', '2027-01-01T12:00:00Z', 2), ['2027-02-01T12:00:00.000Z', '2027-03-01T12:00:00.000Z']);
});

test('? in minute or hour follows the clock, like *', () => {
  assert.not.ok(new CronTask({ cron: '0 ? * * *', action: () => {} }).rule.fixedTime);
});

test.run();
