/**
 * A calendar task's first slot (CalendarTask#firstRunAt asks its rule once) is what Task's
 * general version gives (asking after `now - 1`, then after `now`): at a slot, just after
 * one, far from one, in gaps and folds; and a subclass with its own next run keeps the
 * general version.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { CronTask } from '../../lib/tasks/cron-task.js';
import { MonthdayTask, WeekdayTask } from '../../lib/tasks/day-tasks.js';
import { Task } from '../../lib/tasks/task.js';

const action = () => {};
const ZONES = ['America/New_York', 'Europe/Berlin', 'Australia/Lord_Howe', 'UTC', 'Asia/Kolkata', 'America/Santiago'];
const general = (task: Task, now: number) => Task.prototype.firstRunAt.call(task, now);

test('the first slot is the general one, for instants at, around and between slots', () => {
  const tasks = ZONES.flatMap((timeZone) => [
    new CronTask({ action, cron: '30 2 * * *', timeZone }),
    new CronTask({ action, cron: '*/20 1-3 * * *', timeZone }),
    new WeekdayTask({ action, weekdays: [7], timeOnDay: [1, 30], timeZone }),
    new MonthdayTask({ action, monthdays: [-1], timeOnDay: [2, 15], timeZone }),
  ]);
  const from = Date.UTC(2027, 0, 1);
  fc.assert(
    fc.property(fc.nat(tasks.length - 1), fc.integer({ min: 0, max: 366 * 86_400_000 }), fc.constantFrom(0, 1, -1, 0.5), (i, offset, nudge) => {
      const task = tasks[i] as Task;
      // Now exactly at (or beside) a slot half the time, else anywhere.
      const slot = task.nextRunAt(from + offset) as number;
      const now = offset % 2 === 0 ? slot + nudge : from + offset;
      assert.is(task.firstRunAt(now), general(task, now), `${task.constructor.name} #${i} at ${now}`);
    }),
    { seed: 20_261_130, numRuns: 3000 },
  );
});

test('a subclass counting from its argument keeps the general first slot', () => {
  class Later extends CronTask {
    override nextRunAt(after: number): number | null {
      return after + 1000;
    }
  }
  const task = new Later({ action, cron: '* * * * *', timeZone: 'UTC' });
  assert.is(task.firstRunAt(5_000), 6_000);
});

test.run();
