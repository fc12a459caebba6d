// Issue 9.17: `weekdays: ['monkey']` was read as Monday (only three letters were compared),
// and `activeWeekdays: ['mon']` was refused although DESIGN §3 accepts names. One parser now
// reads every weekday option: 1..7, 'mon'..'sun' or 'monday'..'sunday', any case.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { IntervalTask } from '../../lib/tasks/interval-task.js';
import { WeekdayTask } from '../../lib/tasks/day-tasks.js';
import { throwsNaming } from '../throws-naming.js';

const action = () => {};

test('names that only start like a weekday are refused, naming the option and the value', () => {
  for (const name of ['monkey', 'Thurs', 'satu', 'sundays', 'mo', 'mon ', '']) {
    throwsNaming(() => new WeekdayTask({ action, weekdays: [name], timeOnDay: [9, 0] }), TypeError, 'weekdays', new RegExp(JSON.stringify(name).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    throwsNaming(() => new IntervalTask({ action, interval: 1000, activeWeekdays: [name] as never }), TypeError, 'activeWeekdays');
  }
});

test('short and full names, any case, are accepted in weekdays and activeWeekdays alike', () => {
  const names = ['MON', 'tuesday', 'Wed', 'THURSDAY', 'fri', 'Saturday', 'sun'];
  assert.equal(new WeekdayTask({ action, weekdays: names, timeOnDay: [9, 0] }).weekdays, [1, 2, 3, 4, 5, 6, 7]);
  const task = new IntervalTask({ action, interval: { hours: 1 }, activeWeekdays: ['mon', 'Friday', 3] as never, timeZone: 'UTC' });
  assert.equal(task.limitedRule?.limits.activeWeekdays, [1, 3, 5]);
  // 2027-01-05 is a Tuesday: the first allowed run is Wednesday 00:00 UTC.
  assert.equal(task.nextRuns(1, new Date('2027-01-05T10:00:00Z')), [new Date('2027-01-06T00:00:00Z')]);
});

test.run();
