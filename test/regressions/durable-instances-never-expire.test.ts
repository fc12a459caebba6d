// Issue 12 gap 3: an instance row stayed for ever once its process died without stop(), and
// its handler list was the one at start(); instances() could not tell live processes. The
// engine now refreshes its row's seen_at, any live process deletes rows not seen for 3 leases,
// and a handler defined after start is written to the row.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { node, stopNodes, world } from '../scheduler/durable/helpers.js';

const test = suite('durable instances never expire');
test.after.each(stopNodes);

test('a process killed without stop() leaves instances() after 3 leases; live ones stay', async () => {
  const { clock, store } = world();
  const dead = node(store, clock, { leaseMs: 3000 });
  const live = node(store, clock, { leaseMs: 3000, execute: false });
  dead.scheduler.start();
  live.scheduler.start();
  await clock.advance(10);
  assert.is((await store.instances()).length, 2);
  dead.kill();
  await clock.advance(9000);
  assert.is((await store.instances()).length, 2, 'not before 3 leases');
  await clock.advance(2000);
  assert.equal((await store.instances()).map((i) => i.execute), [false]);
  await clock.advance(60_000);
  assert.equal((await store.instances()).map((i) => i.execute), [false], 'a live producer is kept');
});

test('a handler defined after start() is listed in the instance row', async () => {
  const { clock, store } = world();
  const a = node(store, clock);
  a.scheduler.define('first', () => {});
  a.scheduler.start();
  await clock.advance(10);
  a.scheduler.define('later', () => {});
  await clock.advance(10);
  assert.equal((await store.instances()).map((i) => [...i.handlers].sort()), [['first', 'later']]);
});

test.run();
