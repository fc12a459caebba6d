// A durable schedule row this process cannot build a task from (a type this version does not
// know, options that no longer validate) made `cancel(name)` throw once something listened to
// `cancel` (the admin server does) after the row was already deleted, and made `resume()` of
// every schedule throw, so no paused schedule resumed. Both now carry on: cancel resolves
// true, and resume keeps such a row's own slot grid (its claim fails it with the reason).
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { T0, node, stopNodes, world } from '../scheduler/durable/helpers.js';

const test = suite('an unreadable durable row breaks cancel and resume');
test.after.each(stopNodes);

async function setup() {
  const { clock, store } = world();
  const a = node(store, clock);
  a.scheduler.define('noop', () => {});
  await a.scheduler.addIntervalTask({ name: 'good', action: 'noop', interval: 60_000 });
  await store.upsertSchedule({ name: 'bad', type: 'from-the-future' as 'interval', options: { interval: 'soon' }, action: 'noop', args: [], queue: 'default', source: 'api' }, T0 + 60_000);
  return { clock, store, a };
}

test('cancel of an unreadable row resolves true with cancel listeners', async () => {
  const { store, a } = await setup();
  const cancelled: string[] = [];
  a.scheduler.on('cancel', ({ task }) => void cancelled.push(task.name));
  assert.is(await a.scheduler.cancel('bad'), true);
  assert.is(await store.getSchedule('bad'), null);
  assert.is(await a.scheduler.cancel('good'), true);
  assert.equal(cancelled, ['good'], 'a row that is no task has no Task to name in the event');
});

test('resume() of everything resumes the readable schedules beside an unreadable one', async () => {
  const { store, a } = await setup();
  const good = (await store.getSchedule('good'))!.nextRunAt;
  await a.scheduler.pause();
  await a.scheduler.resume();
  assert.equal((await store.listSchedules()).map((s) => [s.name, s.paused, s.nextRunAt]), [['bad', false, T0 + 60_000], ['good', false, good]]);
});

test.run();
