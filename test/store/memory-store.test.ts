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
  assert.equal(await store.recoverLost({ instanceId: 'i2', queues: null, limit: 10, leaseMs: 3000, policy }), { retried: [], failed: [] }, 'at leaseUntil the lease still holds');
  await clock.advance(1);
  const { retried } = await store.recoverLost({ instanceId: 'i2', queues: null, limit: 10, leaseMs: 3000, policy });
  assert.is(retried.length, 1);
  assert.is(retried[0]!.attempt, 2);
  assert.is(retried[0]!.leaseUntil, T0 + 6001);
  assert.is(await store.complete(run!, { status: 'success', finishedAt: T0 + 3001 }), false, 'the old holder is fenced off');
});

test('every row it returns is a copy: mutating one changes nothing in the store', async () => {
  const store = new MemoryStore({ clock: new ManualClock(T0) });
  const declared = spec('a');
  const { schedule } = await store.upsertSchedule(declared, T0);
  (declared.options as { interval: number }).interval = 1;
  declared.args.push('x');
  schedule.nextRunAt = 0;
  (schedule.options as { interval: number }).interval = 5;
  const got = (await store.getSchedule('a'))!;
  got.args.push('y');
  (await store.listSchedules())[0]!.paused = true;
  const { runs: [run] } = await store.claim({ instanceId: 'i1', queues: null, limit: 1, leaseMs: 1000, plan: every(1000) });
  run!.schedule.runs = 99;
  const [row] = await store.runs('a', 1);
  row!.attempts[0]!.status = 'lost';
  row!.status = 'success';
  const info = { id: 'i1', hostname: 'h', pid: 1, queues: ['q'], handlers: ['h'], execute: true };
  await store.registerInstance(info);
  info.queues.push('other');
  (await store.instances())[0]!.handlers = [];
  const again = (await store.getSchedule('a'))!;
  assert.equal([again.nextRunAt, again.options['interval'], again.args, again.paused, again.runs], [T0 + 1000, 1000, [], false, 1]);
  assert.equal((await store.runs('a', 1)).map((r) => [r.status, r.attempts[0]!.status]), [['running', 'running']]);
  assert.equal(await store.instances(), [{ id: 'i1', hostname: 'h', pid: 1, queues: ['q'], handlers: ['h'], execute: true }]);
});

test('a plan that throws marks its schedule failed with no next slot; the others are still claimed', async () => {
  const store = new MemoryStore({ clock: new ManualClock(T0) });
  await store.upsertSchedule(spec('a'), T0 - 1000);
  await store.upsertSchedule(spec('b'), T0);
  const plan = (row: { name: string; nextRunAt: number | null }): ClaimPlan => {
    if (row.name === 'a') throw new Error('rule bug');
    return every(1000)(row);
  };
  const result = await store.claim({ instanceId: 'i1', queues: null, limit: 10, leaseMs: 1000, plan });
  assert.equal(result.runs.map((r) => r.schedule.name), ['b']);
  const a = (await store.getSchedule('a'))!;
  assert.equal([a.state, a.nextRunAt, a.runs], ['failed', null, 0]);
  await store.upsertSchedule(spec('a', { interval: 2000 }), T0 + 2000);
  assert.is((await store.getSchedule('a'))!.state, 'scheduled', 'a new spec clears the failure');
});

test('updating a paused schedule keeps it paused at the new first slot', async () => {
  const store = new MemoryStore({ clock: new ManualClock(T0) });
  await store.upsertSchedule(spec('a'), T0);
  await store.setPaused('a', true);
  const { schedule } = await store.upsertSchedule(spec('a', { interval: 5000 }), T0 + 5000);
  assert.equal([schedule.paused, schedule.pausedAt, schedule.nextRunAt, schedule.state], [true, T0 + 5000, T0 + 5000, 'paused']);
});

test('complete does not overwrite the next slot of a spec updated while its sequential run went on', async () => {
  const store = new MemoryStore({ clock: new ManualClock(T0) });
  await store.upsertSchedule(spec('a'), T0);
  const sequential = (row: { nextRunAt: number | null }): ClaimPlan => ({ ...every(1000)(row), nextAtCompletion: true });
  const { runs: [run] } = await store.claim({ instanceId: 'i1', queues: null, limit: 1, leaseMs: 1000, plan: sequential });
  await store.upsertSchedule(spec('a', { interval: 5000 }), T0 + 5000);
  assert.is(await store.complete(run!, { status: 'success', finishedAt: T0 + 10 }, T0 + 1010), true);
  assert.is((await store.getSchedule('a'))!.nextRunAt, T0 + 5000);
});

test('bad arguments are typed errors naming the option', async () => {
  const store = new MemoryStore({ clock: new ManualClock(T0) });
  await store.upsertSchedule(spec('a'), T0);
  const req = { instanceId: 'i1', queues: null, limit: 1, leaseMs: 1000, plan: every(1000) };
  const cases: Array<[Promise<unknown>, ErrorConstructor, RegExp]> = [
    [store.upsertSchedule(spec(''), T0), TypeError, /`spec\.name`/],
    [store.upsertSchedule(spec('b'), Number.NaN), TypeError, /`firstSlot`/],
    [store.claim({ ...req, limit: 0 }), RangeError, /`limit` to be a positive integer, got `0`/],
    [store.claim({ ...req, leaseMs: 1.5e400 }), TypeError, /`leaseMs`/],
    [store.heartbeat([], 0), RangeError, /`leaseMs`/],
    [store.runs('a', 2.5), TypeError, /`limit`/],
    [store.prune({ keepRuns: -1 }), TypeError, /`keepRuns`/],
    [store.prune({ keepForMs: Number.POSITIVE_INFINITY }), TypeError, /`keepForMs`/],
    [store.prune({ batch: 0 }), RangeError, /`batch`/],
    [store.requestRun('a', Number.NaN), TypeError, /`at`/],
    [store.requestRun('a', T0, { skipNext: true } as never), TypeError, /`skipNext`/],
    [store.touchInstance('i1', 0), RangeError, /`expireAfterMs`/],
  ];
  for (const [promise, type, message] of cases) {
    try {
      await promise;
      assert.unreachable(`should reject with ${message}`);
    } catch (error) {
      assert.instance(error, type);
      assert.match((error as Error).message, message);
    }
  }
});

test('close() drops the subscribers', async () => {
  const store = new MemoryStore({ clock: new ManualClock(T0) });
  const got: unknown[] = [];
  await store.subscribe((event) => got.push(event));
  await store.close();
  await store.notify({ type: 'run-requested', name: 'a' });
  assert.equal(got, []);
});

test.run();
