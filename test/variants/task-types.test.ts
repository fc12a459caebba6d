import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ThreadedScheduler } from '../../lib/variants/threaded-scheduler.js';
import { silentLogger } from '../../lib/internal/logger.js';
import { ref } from '../execution/wait.js';
import { stopTracked, track } from './helpers.js';

const test = suite('variants: each add method builds its own task type in the host');
test.after.each(stopTracked);

// Every task is added paused: only its planned first slot is read, so nothing runs.
const common = { processMethod: 'concurrent' as const, action: ref('ok.ts'), enabled: false, timeZone: 'UTC' };

test('addWeekdayTask, addMonthdayTask, addCronTask, addSingleTask and addIntervalTask plan their own first slot', async () => {
  const s = track(new ThreadedScheduler({ logger: silentLogger, maxWorkers: 1 }));
  const before = Date.now();
  const weekday = await s.addWeekdayTask({ ...common, name: 'weekday', weekdays: ['sat'], timeOnDay: '09:30' });
  const monthday = await s.addMonthdayTask({ ...common, name: 'monthday', monthdays: [15], timeOnDay: '09:30' });
  const cron = await s.addCronTask({ ...common, name: 'cron', cron: '7 4 * * *' });
  const at = Date.UTC(2100, 0, 1);
  const single = await s.addSingleTask({ ...common, name: 'single', at });
  const interval = await s.addIntervalTask({ ...common, name: 'interval', interval: 60_000 });
  const after = Date.now();

  const w = weekday.nextRunAt as Date;
  assert.equal([w.getUTCDay(), w.getUTCHours(), w.getUTCMinutes()], [6, 9, 30]);
  assert.ok(w.getTime() > before && w.getTime() <= after + 7 * 86_400_000);
  const m = monthday.nextRunAt as Date;
  assert.equal([m.getUTCDate(), m.getUTCHours(), m.getUTCMinutes()], [15, 9, 30]);
  assert.ok(m.getTime() > before && m.getTime() <= after + 31 * 86_400_000);
  const c = cron.nextRunAt as Date;
  assert.equal([c.getUTCHours(), c.getUTCMinutes(), c.getUTCSeconds()], [4, 7, 0]);
  assert.is((single.nextRunAt as Date).getTime(), at);
  assert.instance(interval.nextRunAt, Date);
  assert.equal((await s.tasks()).map((t) => [t.name, t.state]), [
    ['weekday', 'paused'], ['monthday', 'paused'], ['cron', 'paused'], ['single', 'paused'], ['interval', 'paused'],
  ]);
});

test.run();
