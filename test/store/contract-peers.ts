/** Store contract: instances, and events between peers (subscribe/notify). */
import * as assert from 'uvu/assert';
import type { InstanceInfo, StoreEvent } from '../../lib/store/store.js';
import { passTime, storeSuite, waitFor } from './contract-helpers.js';
import type { Open } from './contract-helpers.js';

const instance = (id: string, overrides: Partial<InstanceInfo> = {}): InstanceInfo =>
  ({ id, hostname: 'web-1', pid: 4242, queues: null, handlers: ['send-report'], execute: true, ...overrides });

export function peerContract(label: string, open: Open): void {
  const peers = storeSuite(`${label}: instances`, open);

  peers('registered instances are listed by id; registering an id again replaces it', async ({ store }) => {
    assert.equal(await store.instances(), []);
    await store.registerInstance(instance('b', { queues: ['reports', 'mail'], execute: false }));
    await store.registerInstance(instance('a'));
    await store.registerInstance(instance('a', { handlers: [], pid: 7 }));
    assert.equal(await store.instances(), [instance('a', { handlers: [], pid: 7 }), instance('b', { queues: ['reports', 'mail'], execute: false })]);
  });

  peers('removeInstance deletes the row and tells peers', async ({ store }) => {
    const events: StoreEvent[] = [];
    const unsubscribe = await store.subscribe((event) => events.push(event));
    await store.registerInstance(instance('a'));
    await store.registerInstance(instance('b'));
    await store.removeInstance('a');
    assert.equal((await store.instances()).map((i) => i.id), ['b']);
    await waitFor(() => events.length > 0, 'the instance-left event');
    assert.equal(events, [{ type: 'instance-left', id: 'a' }]);
    await unsubscribe();
  });

  peers('touchInstance keeps an instance; those not seen for expireAfterMs are deleted and peers told', async (ctx) => {
    const { store } = ctx;
    const events: StoreEvent[] = [];
    const unsubscribe = await store.subscribe((event) => events.push(event));
    const start = await store.now();
    await store.registerInstance(instance('a'));
    await store.registerInstance(instance('b'));
    await passTime(ctx, start + 100);
    assert.is(await store.touchInstance('a', 100_000), true);
    assert.equal((await store.instances()).map((i) => i.id), ['a', 'b'], 'seen recently enough');
    assert.is(await store.touchInstance('a', 50), true);
    assert.equal((await store.instances()).map((i) => i.id), ['a']);
    await waitFor(() => events.length > 0, 'the instance-left event');
    assert.equal(events, [{ type: 'instance-left', id: 'b' }]);
    assert.is(await store.touchInstance('b', 50), false, 'an expired instance learns it and registers again');
    await store.registerInstance(instance('b'));
    assert.is(await store.touchInstance('b', 100_000), true);
    assert.equal((await store.instances()).map((i) => i.id), ['a', 'b']);
    await unsubscribe();
  });

  const bus = storeSuite(`${label}: subscribe and notify`, open);

  bus('every subscriber gets every event, in order', async ({ store }) => {
    const one: StoreEvent[] = [];
    const two: StoreEvent[] = [];
    const offOne = await store.subscribe((event) => one.push(event));
    const offTwo = await store.subscribe((event) => two.push(event));
    const sent: StoreEvent[] = [
      { type: 'changed', name: 'a', nextRunAt: 1_700_000_000_123 },
      { type: 'changed', name: 'b', nextRunAt: null },
      { type: 'run-requested', name: 'a' },
    ];
    for (const event of sent) await store.notify(event);
    await waitFor(() => one.length === 3 && two.length === 3, 'three events on each subscriber');
    assert.equal(one, sent);
    assert.equal(two, sent);
    await offOne();
    await offTwo();
  });

  bus('an unsubscribed listener gets nothing more', async ({ store }) => {
    const gone: StoreEvent[] = [];
    const kept: StoreEvent[] = [];
    const off = await store.subscribe((event) => gone.push(event));
    const offKept = await store.subscribe((event) => kept.push(event));
    await off();
    await store.notify({ type: 'run-requested', name: 'x' });
    await waitFor(() => kept.length === 1, 'the event on the kept subscriber');
    assert.equal(gone, []);
    await offKept();
  });

  bus('a listener that throws does not keep the others from their events', async ({ store }) => {
    const got: StoreEvent[] = [];
    const offBad = await store.subscribe(() => {
      throw new Error('listener bug');
    });
    const offGood = await store.subscribe((event) => got.push(event));
    await store.notify({ type: 'run-requested', name: 'a' });
    await store.notify({ type: 'run-requested', name: 'b' });
    await waitFor(() => got.length === 2, 'both events on the good subscriber');
    assert.equal(got.map((e) => (e as { name: string }).name), ['a', 'b']);
    await offBad();
    await offGood();
  });

  peers.run();
  bus.run();
}
