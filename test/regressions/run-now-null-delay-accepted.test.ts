// runNow(name, { delay: null }) read null as 0 (`??`), unlike every other duration option.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Scheduler } from '../../lib/scheduler/scheduler.js';
import { silentLogger } from '../../lib/internal/logger.js';
import { ManualClock } from '../../lib/testing.js';

test('a null or non-number delay is a TypeError naming `delay`; omitted means now', () => {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const scheduler = new Scheduler({ clock, logger: silentLogger });
  scheduler.addIntervalTask({ name: 'job', interval: 60_000, action: () => {} });
  for (const delay of [null, '5', Number.NaN]) {
    assert.throws(() => scheduler.runNow('job', { delay: delay as never }), (e: Error) => e instanceof TypeError && /`delay`/.test(e.message), String(delay));
  }
  assert.throws(() => scheduler.runNow('job', null as never), (e: Error) => e instanceof TypeError && /`options`/.test(e.message));
  assert.is(scheduler.runNow('job').getTime(), Date.UTC(2026, 0, 1));
  assert.is(scheduler.runNow('job', { delay: 5000 }).getTime(), Date.UTC(2026, 0, 1) + 5000);
  assert.throws(() => scheduler.runNow('nope'), (e: Error) => e.message === 'No task named "nope" to run now');
});

test.run();
