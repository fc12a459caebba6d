// Near the end of the Date range (8.64e15 ms, 275760-09-13), a wall-clock rule in a named zone
// threw a RangeError about `epochMs` (its search asked the zone for an offset past the range)
// instead of saying "no further run". Like an interval whose next slot no Date can hold
// (slot-past-date-range.test.ts), the task has no more runs: it finishes, with no error.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { silentLogger } from '../../lib/internal/logger.js';
import { Scheduler } from '../../lib/scheduler/scheduler.js';
import { MonthdayTask } from '../../lib/tasks/day-tasks.js';
import { ManualClock } from '../../lib/testing.js';
import { CronRule, parseCron } from '../../lib/time/rules/cron.js';
import { IntervalRule } from '../../lib/time/rules/interval.js';
import { MonthdayRule } from '../../lib/time/rules/monthday.js';
import { WeekdayRule } from '../../lib/time/rules/weekday.js';
import { Zone } from '../../lib/time/zone.js';

const END = 8.64e15;
const DAY = 86_400_000;
const AUG_4 = END - 40 * DAY; // 275760-08-04T00:00Z
const LAST_31ST = Date.UTC(275760, 7, 31, 14); // 31 August 10:00 in New York (UTC-4)

test('a monthday task in New York runs its last 31st before the end of the Date range, then has none', () => {
  const task = new MonthdayTask({ monthdays: [31], timeOnDay: [10, 0], timeZone: 'America/New_York', action: () => {} });
  assert.equal(task.nextRuns(3, new Date(AUG_4)).map((d) => d.getTime()), [LAST_31ST]);
});

test('every wall-clock rule gives null, not a throw or an instant past the range, once none is left', () => {
  for (const name of ['UTC', 'America/New_York', '+05:30', 'Australia/Lord_Howe']) {
    const zone = Zone.resolve(name);
    const rules = [
      new WeekdayRule([1], [10, 0, 0], zone),
      new MonthdayRule([31], [10, 0, 0], zone),
      new CronRule(parseCron('0 10 * * 1'), zone),
    ];
    for (const rule of rules) {
      for (const after of [END - 60_000, END - 1, END]) assert.is(rule.next(after), null, `${name} ${rule.constructor.name} after ${after}`);
    }
    // The last instant of the range is itself a whole minute, and the last every-minute slot.
    const everyMinute = new CronRule(parseCron('* * * * *'), zone);
    assert.is(everyMinute.next(END - 1), END, name);
    assert.is(everyMinute.next(END), null, name);
  }
  assert.is(IntervalRule.of(60_000).next(END - 60_000), END);
  assert.is(IntervalRule.of(60_001).next(END - 60_000), null);
});

test('the scheduler runs the last 31st, then the task finishes without an error', async () => {
  const clock = new ManualClock(AUG_4);
  const scheduler = new Scheduler({ clock, logger: silentLogger });
  const errors: unknown[] = [];
  scheduler.on('error', ({ error }) => errors.push(error));
  let runs = 0;
  scheduler.addMonthdayTask({ name: 'last', monthdays: [31], timeOnDay: [10, 0], timeZone: 'America/New_York', action: () => void runs++ });
  scheduler.start();
  assert.is(scheduler.tasks()[0]?.nextRunAt?.getTime(), LAST_31ST);
  await clock.set(LAST_31ST);
  await clock.advance(30_000);
  assert.is(runs, 1);
  assert.equal(errors, []);
  assert.equal(scheduler.tasks(), []);
  await scheduler.stop();
});

test.run();
