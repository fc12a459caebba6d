// TurboGears' docs: MonthdayTask.reschedule was "not applicable (raises NotImplementedError)",
// so a month-day task ran once. Ours reschedules month to month like any task.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { harness, stopAll } from '../helpers.js';

const test = suite('kronos: MonthdayTask could not reschedule');
test.after.each(stopAll);

test('a monthly task runs in consecutive months', async () => {
  const { clock, scheduler } = harness({ start: Date.UTC(2027, 0, 1) });
  const months: number[] = [];
  scheduler.addMonthdayTask({ name: 'monthly', monthdays: [2], timeOnDay: [0, 0], timeZone: 'UTC', action: () => months.push(new Date(clock.now()).getUTCMonth() + 1) });
  scheduler.start();
  await clock.advanceTo(Date.UTC(2027, 3, 3));
  assert.equal(months, [1, 2, 3, 4]);
});

test.run();
