import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { IntervalTask } from '../../lib/tasks/interval-task.js';
import { WeekdayTask } from '../../lib/tasks/day-tasks.js';
import { CronTask } from '../../lib/tasks/cron-task.js';
import { harness, stopAll } from '../helpers.js';

const test = suite('limits on tasks');
test.after.each(stopAll);

const iso = (d: Date) => d.toISOString();
const action = () => {};

test('an interval task under activeWindow restarts its grid at each opening, and skips the closed hours', () => {
  const task = new IntervalTask({ action, interval: { hours: 3 }, activeWindow: { from: '09:00', to: '17:00' }, timeZone: 'UTC' });
  const runs = task.nextRuns(6, new Date('2027-01-04T06:00:00Z')).map(iso);
  assert.equal(runs, [
    '2027-01-04T09:00:00.000Z',
    '2027-01-04T12:00:00.000Z',
    '2027-01-04T15:00:00.000Z',
    '2027-01-05T09:00:00.000Z',
    '2027-01-05T12:00:00.000Z',
    '2027-01-05T15:00:00.000Z',
  ]);
});

test('a window crossing midnight, with activeWeekdays, on a cron task in a named zone', () => {
  const task = new CronTask({ action, cron: '0 * * * *', activeWindow: { from: '22:00', to: '02:00' }, activeWeekdays: [5], timeZone: 'Europe/Berlin' });
  const local = task.nextRuns(5, new Date('2027-01-04T00:00:00Z')).map((d) => d.toLocaleString('en-GB', { timeZone: 'Europe/Berlin', weekday: 'short', hour: '2-digit', minute: '2-digit' }));
  assert.equal(local, ['Fri 00:00', 'Fri 01:00', 'Fri 22:00', 'Fri 23:00', 'Fri 00:00']);
});

test('startDate and endDate bound the runs; past endDate the task finishes', async () => {
  const task = new WeekdayTask({ action, weekdays: [1, 2, 3, 4, 5, 6, 7], timeOnDay: [12, 0], timeZone: 'UTC', startDate: new Date('2027-01-10T00:00:00Z'), endDate: new Date('2027-01-12T12:00:00Z') });
  assert.equal(task.nextRuns(10, new Date('2027-01-01T00:00:00Z')).map(iso), ['2027-01-10T12:00:00.000Z', '2027-01-11T12:00:00.000Z', '2027-01-12T12:00:00.000Z']);
  const { clock, scheduler } = harness({ start: new Date('2027-01-11T00:00:00Z') });
  scheduler.add(new WeekdayTask({ name: 'bounded', action, weekdays: [1, 2, 3, 4, 5, 6, 7], timeOnDay: [12, 0], timeZone: 'UTC', endDate: new Date('2027-01-12T12:00:00Z') }));
  scheduler.start();
  await clock.advanceTo(new Date('2027-01-12T12:00:00Z'));
  assert.is(scheduler.getTask('bounded'), undefined, 'finished after its last allowed run');
});

test('activeMonths and activeMonthdays restrict a daily rule; extra dates add runs', () => {
  const task = new WeekdayTask({
    action,
    weekdays: [1, 2, 3, 4, 5, 6, 7],
    timeOnDay: [6, 0],
    timeZone: 'UTC',
    activeMonths: [3],
    activeMonthdays: [1, -1],
    dates: [new Date('2027-02-14T20:00:00Z'), Date.parse('2027-02-14T20:00:00Z')],
  });
  assert.equal(task.nextRuns(4, new Date('2027-01-01T00:00:00Z')).map(iso), [
    '2027-03-01T06:00:00.000Z',
    '2027-03-31T06:00:00.000Z',
    '2028-03-01T06:00:00.000Z',
    '2028-03-31T06:00:00.000Z',
  ]);
  const open = new WeekdayTask({ action, weekdays: [1], timeOnDay: [6, 0], timeZone: 'UTC', dates: [new Date('2027-01-06T20:00:00Z')] });
  assert.equal(open.nextRuns(3, new Date('2027-01-04T07:00:00Z')).map(iso), ['2027-01-06T20:00:00.000Z', '2027-01-11T06:00:00.000Z', '2027-01-18T06:00:00.000Z']);
});

test('limits that never meet the rule end the task instead of searching forever', () => {
  const task = new WeekdayTask({ action, weekdays: [1], timeOnDay: [6, 0], timeZone: 'UTC', activeWeekdays: [2] });
  assert.equal(task.nextRuns(1, new Date('2027-01-01T00:00:00Z')), []);
});

test('bad limit options name the option', () => {
  assert.throws(() => new IntervalTask({ action, interval: 1000, activeWeekdays: [0] }), /activeWeekdays/);
  assert.throws(() => new IntervalTask({ action, interval: 1000, activeMonths: [13] }), /activeMonths/);
  assert.throws(() => new IntervalTask({ action, interval: 1000, endDate: 'soon' as never }), /Expected `endDate`/);
  assert.throws(() => new IntervalTask({ action, interval: 1000, dates: ['x'] as never }), /Expected `dates`/);
  assert.throws(() => new IntervalTask({ action, interval: 1000, activeWindow: { from: '25:00', to: '02:00' } }), /activeWindow.from/);
  assert.throws(() => new IntervalTask({ action, interval: 1000, timeZone: 'Nowhere/Land', dates: [1] }), /Expected `timeZone`/);
  assert.throws(() => new IntervalTask({ action, interval: 1000, jitter: -1 }), /Expected `jitter`/);
});

test('jitter delays each start by 0..jitter ms but keeps scheduledAt on the slot and the grid intact', async () => {
  const { clock, scheduler, record } = harness();
  const start = clock.now();
  scheduler.addIntervalTask({ name: 'j', interval: 10_000, jitter: 2000, action });
  scheduler.start();
  await clock.advance(202_000);
  const runs = record.of('start') as Array<{ run: { scheduledAt: Date; startedAt: Date } }>;
  assert.is(runs.length, 21);
  const offsets = runs.map((r) => r.run.startedAt.getTime() - r.run.scheduledAt.getTime());
  assert.ok(offsets.every((o) => o >= 0 && o <= 2000), `offsets ${offsets.join(',')}`);
  assert.ok(new Set(offsets).size > 1, 'the delays vary');
  assert.equal(runs.map((r) => r.run.scheduledAt.getTime() - start), Array.from({ length: 21 }, (_, i) => i * 10_000));
  assert.equal(record.of('missed'), []);
});

test('misfire under limits: an interval suspended overnight runs once when the window opens', async () => {
  const { clock, scheduler, record } = harness({ start: new Date('2027-01-04T16:00:00Z') });
  const at: string[] = [];
  scheduler.addIntervalTask({ name: 'w', interval: { hours: 1 }, activeWindow: { from: '09:00', to: '17:00' }, timeZone: 'UTC', action: () => at.push(new Date(clock.now()).toISOString()) });
  scheduler.start();
  await clock.set(new Date('2027-01-05T09:30:00Z'));
  await clock.advance(30_000);
  assert.equal(at, ['2027-01-04T16:00:00.000Z', '2027-01-05T09:30:30.000Z']);
  const [missed] = record.of('missed') as Array<{ count: number }>;
  assert.is(missed, undefined, 'the only late slot (09:00) is the one that ran');
});

test('an interval task added outside its window first runs when the window opens', async () => {
  const { clock, scheduler } = harness({ start: new Date('2027-01-04T20:00:00Z') });
  const at: string[] = [];
  scheduler.addIntervalTask({ name: 'w', interval: { hours: 4 }, activeWindow: { from: '09:00', to: '17:00' }, timeZone: 'UTC', action: () => at.push(new Date(clock.now()).toISOString()) });
  assert.equal(scheduler.tasks()[0]?.nextRunAt, new Date('2027-01-05T09:00:00Z'));
  scheduler.start();
  await clock.advanceTo(new Date('2027-01-05T18:00:00Z'));
  assert.equal(at, ['2027-01-05T09:00:00.000Z', '2027-01-05T13:00:00.000Z']);
});

test.run();
