// Kronos' WeekdayTask rescheduled "tomorrow at timeonday" counted from when the run ended,
// so a run longer than a day made the task skip a day. Ours counts from the scheduled slot.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { harness, stopAll } from '../helpers.js';

const test = suite('kronos: days skipped after long runs');
test.after.each(stopAll);

const ALL_DAYS = [1, 2, 3, 4, 5, 6, 7];

test('a weekday task counts from the scheduled slot: a 25-hour sequential run skips no day (Kronos did)', async () => {
  const { clock, scheduler, record } = harness({ start: new Date(2027, 4, 3, 8, 0) });
  scheduler.addWeekdayTask({
    name: 'long',
    weekdays: ALL_DAYS,
    timeOnDay: [9, 0],
    processMethod: 'sequential',
    action: () => new Promise<void>((resolve) => clock.setTimeout(resolve, 25 * 3_600_000)),
  });
  scheduler.start();
  await clock.advance(4 * 86_400_000);
  const slots = (record.of('start') as Array<{ run: { scheduledAt: Date } }>).map((s) => s.run.scheduledAt.getDate());
  assert.equal(slots, [3, 4, 5, 6], 'one run per calendar day, none skipped');
});

test.run();
