import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { CronTask } from '../../lib/tasks/cron-task.js';
import { harness, stopAll } from '../helpers.js';

const test = suite('CronTask under the scheduler');
test.after.each(stopAll);

async function fired(options: { cron: string; timeZone?: string }, from: string, to: string): Promise<string[]> {
  const { clock, scheduler } = harness({ start: new Date(from) });
  const at: string[] = [];
  scheduler.addCronTask({ name: 'c', ...options, action: () => at.push(new Date(clock.now()).toISOString()) });
  scheduler.start();
  await clock.advanceTo(new Date(to));
  return at;
}

test('nextRuns(n) equals the sequence the scheduler actually fires', async () => {
  const options = { cron: '*/20 1-3 * * *', timeZone: 'America/New_York' };
  const from = '2027-11-06T04:00:00Z';
  const to = '2027-11-08T09:00:00Z';
  const task = new CronTask({ ...options, action: () => {} });
  const expected = task.nextRuns(200, new Date(from)).filter((d) => d < new Date(to)).map((d) => d.toISOString());
  assert.equal(await fired(options, from, to), expected);
  assert.is(expected.length, 9 * 2 + 3 + 9, 'the fold day (7 Nov) repeats the 01:xx hour');
});

test('a follow-the-clock rule fires on both passes of the New York fold; a fixed-time rule once', async () => {
  const from = '2027-11-07T04:00:00Z';
  const to = '2027-11-07T08:00:00Z';
  assert.equal(await fired({ cron: '30 * * * *', timeZone: 'America/New_York' }, from, to), [
    '2027-11-07T04:30:00.000Z', // 00:30 EDT
    '2027-11-07T05:30:00.000Z', // 01:30 EDT
    '2027-11-07T06:30:00.000Z', // 01:30 EST
    '2027-11-07T07:30:00.000Z', // 02:30 EST
  ]);
  assert.equal(await fired({ cron: '30 1 * * *', timeZone: 'America/New_York' }, from, to), ['2027-11-07T05:30:00.000Z']);
});

test('*/15 never leaves a 75-minute hole across the spring gap; a fixed 02:30 runs at 03:30', async () => {
  const runs = await fired({ cron: '*/15 * * * *', timeZone: 'America/New_York' }, '2027-03-14T06:00:00Z', '2027-03-14T08:00:00Z');
  const gaps = runs.slice(1).map((r, i) => (Date.parse(r) - Date.parse(runs[i] as string)) / 60_000);
  assert.ok(gaps.every((g) => g === 15), `gaps ${gaps.join(',')}`);
  assert.equal(await fired({ cron: '30 2 * * *', timeZone: 'America/New_York' }, '2027-03-14T00:00:00Z', '2027-03-15T00:00:00Z'), ['2027-03-14T07:30:00.000Z']);
});

test('six fields run on seconds; aliases work; the facade-style addCronTask returns the task', async () => {
  const runs = await fired({ cron: '*/10 * * * * *', timeZone: 'UTC' }, '2027-01-01T00:00:00Z', '2027-01-01T00:00:30Z');
  assert.equal(runs, ['2027-01-01T00:00:00.000Z', '2027-01-01T00:00:10.000Z', '2027-01-01T00:00:20.000Z', '2027-01-01T00:00:30.000Z']);
  const task = new CronTask({ cron: '@daily', timeZone: 'UTC', action: () => {} });
  assert.equal(task.nextRun(new Date('2027-01-01T12:00:00Z')), new Date('2027-01-02T00:00:00Z'));
  assert.is(task.timeZone, 'UTC');
});

test('dialect forms run under the scheduler: a year field and FRI#L', async () => {
  const runs = await fired({ cron: '0 0 12 * * FRI#L 2027', timeZone: 'UTC' }, '2027-01-01T00:00:00Z', '2027-03-01T00:00:00Z');
  assert.equal(runs, ['2027-01-29T12:00:00.000Z', '2027-02-26T12:00:00.000Z']);
  const past = new CronTask({ cron: '0 0 0 1 1 * 2020', timeZone: 'UTC', action: () => {} });
  assert.is(past.nextRun(new Date('2027-01-01T00:00:00Z')), null);
});

test('a malformed expression is a clear error naming the field', () => {
  assert.throws(() => new CronTask({ cron: '61 * * * *', action: () => {} }), /minute/);
  assert.throws(() => new CronTask({ cron: 5 as never, action: () => {} }), /Expected `cron`/);
  assert.throws(() => new CronTask({ cron: '* * * * *', timeZone: 'Mars/Base', action: () => {} }), /Expected `timeZone`/);
});

test('a cron task misses slots across a suspend and catches up once', async () => {
  const { clock, scheduler, record } = harness({ start: new Date('2027-01-01T00:00:30Z') });
  let runs = 0;
  scheduler.addCronTask({ name: 'minutely', cron: '* * * * *', timeZone: 'UTC', action: () => runs++ });
  scheduler.start();
  await clock.set(new Date('2027-01-01T08:00:15Z'));
  await clock.advance(30_000);
  assert.is(runs, 1);
  const [missed] = record.of('missed') as Array<{ count: number }>;
  assert.is(missed?.count, 479);
});

test('a +10 years jump on an every-second cron: counting stops at 10 000, one run, no loop', async () => {
  const { clock, scheduler, record } = harness({ start: new Date('2027-01-01T00:00:00.500Z') });
  const at: number[] = [];
  scheduler.addCronTask({ name: 'sec', cron: '* * * * * *', timeZone: 'UTC', catchUp: 'once', action: () => at.push(clock.now()) });
  scheduler.start();
  await clock.set(Date.parse('2037-01-01T00:00:00.200Z'));
  await clock.advance(1000);
  const [missed] = record.of('missed') as Array<{ count: number; truncated: boolean; last: Date }>;
  assert.is(missed?.count, 10_000);
  assert.is(missed?.truncated, true);
  const started = record.of('start') as Array<{ run: { scheduledAt: Date } }>;
  assert.equal(started[0]?.run.scheduledAt, new Date('2037-01-01T00:00:00.000Z'), 'the slot still within the grace time is the run');
  assert.equal(missed?.last, new Date('2036-12-31T23:59:59.000Z'), 'the latest late slot, found exactly after counting stopped');
  assert.ok(at.length <= 3);
});

test.run();
