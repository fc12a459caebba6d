// Issue 14: every WeekdayTask, MonthdayTask and CronTask built its own rule object (and a
// MonthdayTask its own day list), so a million reminders with a few thousand distinct
// definitions held a million rules. Tasks with the same normalised definition (days, time of
// day, zone; cron expression and zone) now share one immutable rule.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CronTask } from '../../lib/tasks/cron-task.js';
import { MonthdayTask, WeekdayTask } from '../../lib/tasks/day-tasks.js';

const action = () => {};

test('weekday tasks with the same days, time and zone share one rule, however they were spelled', () => {
  const a = new WeekdayTask({ action, weekdays: [1, 3, 5], timeOnDay: [9, 30], timeZone: 'Europe/Paris' });
  const b = new WeekdayTask({ action, weekdays: ['fri', 'Monday', 3, 1], timeOnDay: '09:30:00', timeZone: 'Europe/Paris' });
  assert.is(a.rule, b.rule);
  assert.equal(b.weekdays, [1, 3, 5]);
  assert.is.not(a.rule, new WeekdayTask({ action, weekdays: [1, 3, 5], timeOnDay: [9, 30], timeZone: 'Europe/Berlin' }).rule);
  assert.is.not(a.rule, new WeekdayTask({ action, weekdays: [1, 3, 5], timeOnDay: [9, 31], timeZone: 'Europe/Paris' }).rule);
  assert.is.not(a.rule, new WeekdayTask({ action, weekdays: [1, 3], timeOnDay: [9, 30], timeZone: 'Europe/Paris' }).rule);
});

test('monthday tasks with the same days, time and zone share one rule and one day list', () => {
  const a = new MonthdayTask({ action, monthdays: [-1, 15], timeOnDay: [8, 0], timeZone: 'UTC' });
  const b = new MonthdayTask({ action, monthdays: [15, -1, 15], timeOnDay: '08:00', timeZone: 'UTC' });
  assert.is(a.rule, b.rule);
  assert.is(a.monthdays, b.monthdays);
  assert.equal(a.monthdays, [-1, 15]);
  assert.is.not(a.rule, new MonthdayTask({ action, monthdays: [-1, 15], timeOnDay: [8, 0], timeZone: 'Asia/Tokyo' }).rule);
  assert.is.not(a.rule, new MonthdayTask({ action, monthdays: [-1, 16], timeOnDay: [8, 0], timeZone: 'UTC' }).rule);
});

test('cron tasks with the same expression and zone share one rule', () => {
  const a = new CronTask({ action, cron: '30 9 * * 1-5', timeZone: 'America/New_York' });
  const b = new CronTask({ action, cron: '30 9 * * 1-5', timeZone: 'America/New_York' });
  assert.is(a.rule, b.rule);
  assert.is.not(a.rule, new CronTask({ action, cron: '30 9 * * 1-5', timeZone: 'America/Chicago' }).rule);
  assert.is.not(a.rule, new CronTask({ action, cron: '31 9 * * 1-5', timeZone: 'America/New_York' }).rule);
});

test('shared rules answer like their own: many distinct definitions, past the cache bound', () => {
  // More definitions than any cache holds: rules made after it filled are still correct.
  const from = Date.UTC(2027, 0, 1);
  for (let i = 0; i < 70_000; i += 7) {
    const minute = i % 1440;
    const hour = Math.floor(minute / 60);
    const task = new WeekdayTask({ action, weekdays: [1 + (i % 7)], timeOnDay: [hour, minute % 60, i % 60], timeZone: 'UTC' });
    const next = task.nextRun(new Date(from)) as Date;
    assert.is(next.getUTCHours(), hour);
    assert.is(next.getUTCMinutes(), minute % 60);
    assert.is(next.getUTCSeconds(), i % 60);
    assert.is(next.getUTCDay() === 0 ? 7 : next.getUTCDay(), 1 + (i % 7));
  }
});

test.run();
