// Issue 12 gap 4: on a durable store `jitter` and `overlap: 'queue'` were stored and then
// ignored (no process ever drew a jitter or kept a queued run). They are now a TypeError at
// the add*Task call, naming the option and why.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { node, rejects, stopNodes, world } from '../scheduler/durable/helpers.js';

const test = suite('durable store ignores in-memory-only options');
test.after.each(stopNodes);

test('jitter and overlap: queue are rejected with a TypeError naming the option', async () => {
  const { clock, store } = world();
  const a = node(store, clock);
  a.scheduler.define('job', () => {});
  await rejects(() => a.scheduler.addIntervalTask({ name: 'j', action: 'job', interval: 1000, jitter: 500 }), /`jitter` is not supported on a durable store/);
  await rejects(() => a.scheduler.addIntervalTask({ name: 'q', action: 'job', interval: 1000, overlap: 'queue' }), /`overlap: 'queue'` is not supported on a durable store/);
  try {
    await a.scheduler.addIntervalTask({ name: 'j', action: 'job', interval: 1000, jitter: { seconds: 1 } });
    assert.unreachable();
  } catch (error) {
    assert.instance(error, TypeError);
  }
  assert.equal(await store.listSchedules(), []);
  assert.is((await a.scheduler.addIntervalTask({ name: 'ok', action: 'job', interval: 1000, jitter: 0, overlap: 'skip' })).result, 'created');
});

test.run();
