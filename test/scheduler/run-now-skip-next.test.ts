// runNow({ skipNext }) in memory: one manual run now, and the next regular slot moves to the one after.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { harness, stopAll, T0 } from '../helpers.js';

const test = suite('runNow skipNext');
test.after.each(stopAll);

test('a manual run now, and the next regular slot skipped', async () => {
  const { scheduler, clock, record } = harness();
  scheduler.addIntervalTask({ name: 'i', interval: 1000, initialDelay: 1000, action: () => {} });
  scheduler.start();
  await clock.advance(200);
  scheduler.runNow('i', { skipNext: true });
  assert.equal(scheduler.tasks()[0]?.nextRunAt, new Date(T0 + 2000));
  await clock.advance(2800);
  const runs = (record.of('start') as Array<{ run: { scheduledAt: Date; kind: string } }>).map((s) => [s.run.scheduledAt.getTime() - T0, s.run.kind]);
  assert.equal(runs, [[200, 'manual'], [2000, 'scheduled'], [3000, 'scheduled']]);
});

test('skipNext on a paused task runs it once and leaves it paused where it was', async () => {
  const { scheduler, clock } = harness();
  scheduler.addIntervalTask({ name: 'p', interval: 1000, initialDelay: 1000, action: () => {} });
  scheduler.start();
  scheduler.pause('p');
  scheduler.runNow('p', { skipNext: true });
  await clock.advance(10);
  assert.equal(scheduler.tasks()[0]?.state, 'paused');
  scheduler.resume('p');
  assert.equal(scheduler.tasks()[0]?.nextRunAt, new Date(T0 + 1000));
});

test('skipNext must be a boolean', () => {
  const { scheduler } = harness();
  scheduler.addIntervalTask({ name: 'b', interval: 1000, action: () => {} });
  assert.throws(() => scheduler.runNow('b', { skipNext: 'yes' as never }), /skipNext/);
});

test.run();
