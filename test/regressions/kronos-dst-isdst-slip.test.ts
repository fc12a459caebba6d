// Kronos built the next day's run with time.mktime and the previous run's tm_isdst, so after
// a DST change a daily 09:00 task ran at 08:00 or 10:00 until restarted.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { WeekdayTask } from '../../lib/tasks/day-tasks.js';

const fmt = (zone: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

for (const zone of ['America/New_York', 'Europe/Berlin', 'Australia/Lord_Howe']) {
  test(`a daily 09:00 task in ${zone} stays at 09:00 local for a whole year of DST changes`, () => {
    const task = new WeekdayTask({ weekdays: [1, 2, 3, 4, 5, 6, 7], timeOnDay: [9, 0], timeZone: zone, action: () => {} });
    const runs = task.nextRuns(366, new Date('2027-01-01T00:00:00Z'));
    const local = new Set(runs.map((d) => fmt(zone).format(d)));
    assert.equal([...local], ['09:00']);
    assert.is(runs.length, 366);
  });
}

test.run();
