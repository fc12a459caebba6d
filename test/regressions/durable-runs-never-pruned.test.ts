// Issue 12 gap 5: the durable engine never pruned its runs table (keepRuns/keepFor were not
// options), so it grew by one row per run for ever. It now prunes in bounded batches.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { node, stopNodes, world } from '../scheduler/durable/helpers.js';

const test = suite('durable runs are never pruned');
test.after.each(stopNodes);

test('keepRuns keeps the newest finished runs of each schedule', async () => {
  const { clock, store } = world();
  const a = node(store, clock, { keepRuns: 3 });
  a.scheduler.define('job', () => {});
  await a.scheduler.addIntervalTask({ name: 'j', action: 'job', interval: 1000 });
  a.scheduler.start();
  const count = async () => (await store.runs('j', 1000)).length;
  await clock.advance(9_999);
  assert.is(await count(), 10, 'slots 0..9 s, before the first upkeep tick (leaseMs / 3)');
  await clock.advance(1);
  assert.is(await count(), 4, 'the 3 newest finished runs and the 10 s one');
  await clock.advance(59_999);
  assert.is(await count(), 63, 'no prune again within the minute');
  await clock.advance(1);
  assert.is(await count(), 4);
});

test('by default finished runs older than 7 days go', async () => {
  const { clock, store } = world();
  const a = node(store, clock, { keepRuns: null });
  a.scheduler.define('job', () => {});
  await a.scheduler.addIntervalTask({ name: 'j', action: 'job', interval: 3_600_000 });
  a.scheduler.start();
  await clock.advance(8 * 86_400_000);
  const runs = await store.runs('j', 1000);
  assert.ok(runs.length <= 7 * 24 + 2, `got ${runs.length}`);
  assert.ok(runs.length >= 7 * 24 - 2, `got ${runs.length}`);
});

test.run();
