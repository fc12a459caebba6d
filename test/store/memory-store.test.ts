import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { MemoryStore } from '../../lib/store/memory-store.js';
import type { ClaimPlan, ScheduleSpec } from '../../lib/store/store.js';
import { ManualClock } from '../../lib/testing.js';
import { storeContract } from './contract.js';

const T0 = Date.UTC(2027, 0, 4, 12, 0, 0);
const spec = (name: string, options: Record<string, unknown> = {}): ScheduleSpec =>
  ({ name, type: 'interval', options: { interval: 1000, ...options }, action: 'h', args: [], queue: 'default', source: 'api' });
const every = (ms: number) => (row: { nextRunAt: number | null }): ClaimPlan =>
  ({ runs: [{ slot: row.nextRunAt!, kind: 'scheduled' }], nextRunAt: row.nextRunAt! + ms, nextAtCompletion: false, missed: 0 });

storeContract('memory', async () => {
  const clock = new ManualClock(T0);
  const store = new MemoryStore({ clock });
  return { store, clock, close: () => store.close() };
});

const test = suite('MemoryStore (specific)');

test('a run whose lease ran out on the ManualClock is retried by the recoverer', async () => {
  const clock = new ManualClock(T0);
  const store = new MemoryStore({ clock });
  await store.upsertSchedule(spec('a'), T0);
  const { runs: [run] } = await store.claim({ instanceId: 'i1', queues: null, limit: 10, leaseMs: 3000, plan: every(1000) });
  assert.is(run!.leaseUntil, T0 + 3000);
  const policy = () => ({ onLost: 'retry' as const, maxAttempts: 3 });
  await clock.advance(3000);
  assert.equal(await store.recoverLost({ instanceId: 'i2', limit: 10, leaseMs: 3000, policy }), { retried: [], failed: [] }, 'at leaseUntil the lease still holds');
  await clock.advance(1);
  const { retried } = await store.recoverLost({ instanceId: 'i2', limit: 10, leaseMs: 3000, policy });
  assert.is(retried.length, 1);
  assert.is(retried[0]!.attempt, 2);
  assert.is(retried[0]!.leaseUntil, T0 + 6001);
  assert.is(await store.complete(run!, { status: 'success', finishedAt: T0 + 3001 }), false, 'the old holder is fenced off');
});

test('returned rows are copies', async () => {
  const store = new MemoryStore({ clock: new ManualClock(T0) });
  const { schedule } = await store.upsertSchedule(spec('a'), T0);
  schedule.nextRunAt = 0;
  (schedule.options as { interval: number }).interval = 5;
  const again = await store.getSchedule('a');
  assert.is(again!.nextRunAt, T0);
  assert.is(again!.options['interval'], 1000);
});

test.run();
