import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { currentRun } from '../../../lib/execution/current-run.js';
import { ManualClock } from '../../../lib/testing.js';
import { T0, durableStore, node, stopNodes, world } from './helpers.js';

const test = suite('durable engine: leases, recovery, restarts, the database clock');
test.after.each(stopNodes);
const MIN = 60_000;

test('a run whose process died is retried by a live one after the lease, as attempt 2', async () => {
  const { clock, store } = world();
  const a = node(store, clock, { leaseMs: 3000 });
  // b serves the same queue (recovery takes only runs of the queues a process serves); a, started first, claims the slot.
  const b = node(store, clock, { leaseMs: 3000, pollInterval: 2000 });
  const attempts: Array<[string, number, number]> = [];
  a.scheduler.define('job', () => {
    attempts.push(['a', currentRun()!.attempt, currentRun()!.scheduledAt.getTime() - T0]);
    return new Promise(() => {}); // dies mid-run
  });
  b.scheduler.define('job', () => void attempts.push(['b', currentRun()!.attempt, currentRun()!.scheduledAt.getTime() - T0]));
  await a.scheduler.addSingleTask({ name: 'once', action: 'job', at: T0 + 1000 });
  a.scheduler.start();
  b.scheduler.start();
  await clock.advance(1000);
  assert.equal(attempts, [['a', 1, 1000]]);
  a.kill();
  await clock.advance(2999);
  assert.equal(attempts, [['a', 1, 1000]], 'not before the lease ran out');
  await clock.advance(3000);
  assert.equal(attempts, [['a', 1, 1000], ['b', 2, 1000]]);
  const [run] = await store.runs('once', 1);
  assert.equal(run?.attempts.map((x) => x.status), ['lost', 'success']);
  assert.is(run?.status, 'success');
  // What the metrics count: the lost attempt (found by b), and each claim with the runs it took.
  assert.equal(b.of('lost'), [{ name: 'once', scheduledAt: new Date(T0 + 1000), attempt: 1, retried: true }]);
  assert.equal(a.of('lost'), []);
  const claims = a.of('claim') as Array<{ durationMs: number; runs: number }>;
  assert.is(claims.reduce((n, c) => n + c.runs, 0), 1, 'a claimed the slot once');
  assert.ok(claims.every((c) => c.durationMs >= 0));
  assert.equal((b.of('claim') as Array<{ runs: number }>).map((c) => c.runs).filter((n) => n > 0), []);
});

test('heartbeats keep a long run: nobody takes it over while its process lives', async () => {
  const { clock, store } = world();
  const a = node(store, clock, { leaseMs: 3000 });
  const b = node(store, clock, { leaseMs: 3000 });
  let runs = 0;
  for (const n of [a, b]) n.scheduler.define('long', () => {
    runs++;
    return new Promise<void>((resolve) => clock.setTimeout(resolve, 20_000));
  });
  await a.scheduler.addSingleTask({ name: 'long', action: 'long', at: T0 + 1000 });
  a.scheduler.start();
  b.scheduler.start();
  await clock.advance(30_000);
  assert.is(runs, 1);
  const [run] = await store.runs('long', 1);
  assert.equal([run?.status, run?.attempt], ['success', 1]);
});

test("onLost: 'fail' marks the lost run lost for good and reports it", async () => {
  const { clock, store } = world();
  const a = node(store, clock, { leaseMs: 3000 });
  const b = node(store, clock, { leaseMs: 3000 });
  let calls = 0;
  for (const n of [a, b]) n.scheduler.define('job', () => {
    calls++;
    return new Promise(() => {});
  });
  await a.scheduler.addSingleTask({ name: 'f', action: 'job', at: T0 + 1000, onLost: 'fail' });
  a.scheduler.start();
  b.scheduler.start();
  await clock.advance(1000);
  a.kill();
  await clock.advance(6000);
  assert.is(calls, 1);
  const [run] = await store.runs('f', 1);
  assert.is(run?.status, 'lost');
  const errors = b.of('error') as Array<{ error: Error }>;
  assert.is(errors.length, 1);
  assert.match(errors[0]!.error.message, /lost on attempt 1/);
  assert.equal(b.of('lost'), [{ name: 'f', scheduledAt: new Date(T0 + 1000), attempt: 1, retried: false }]);
});

test('a fenced-off run is aborted through its signal and its end is not recorded', async () => {
  const { clock, store } = world();
  const a = node(store, clock, { leaseMs: 3000 });
  let signal: AbortSignal | undefined;
  a.scheduler.define('job', () => {
    signal = currentRun()!.signal;
    return new Promise(() => {});
  });
  await a.scheduler.addSingleTask({ name: 'j', action: 'job', at: T0 + 1000 });
  a.scheduler.start();
  await clock.advance(1000);
  // Another instance takes the run over, as recovery would after a long pause of this process.
  const [held] = await store.runs('j', 1);
  await clock.set(clock.now() + 10_000);
  const taken = await store.recoverLost({ instanceId: 'peer', queues: null, limit: 10, leaseMs: 3000, policy: () => ({ onLost: 'retry', maxAttempts: 3 }) });
  assert.equal(taken.retried.map((r) => r.id), [held!.id]);
  await clock.advance(1000);
  assert.is(signal?.aborted, true);
  assert.is((signal?.reason as Error).name, 'RunAbortedError');
  const [run] = await store.runs('j', 1);
  assert.equal([run?.status, run?.instanceId], ['running', 'peer']);
});

test('slots that came due while no process ran follow catchUp at the first claim (kind catchup, missed counted)', async () => {
  const { clock, store } = world();
  const producer = node(store, clock, { execute: false });
  await producer.scheduler.addIntervalTask({ name: 'once', action: 'h', interval: MIN, initialDelay: MIN });
  await producer.scheduler.addIntervalTask({ name: 'all', action: 'h', interval: MIN, initialDelay: MIN, catchUp: 'all', maxCatchUp: 3 });
  await producer.scheduler.addIntervalTask({ name: 'skip', action: 'h', interval: MIN, initialDelay: MIN, catchUp: 'skip' });
  await clock.set(T0 + 5 * MIN + 30_000); // everything down for five slots
  const a = node(store, clock);
  const ran: string[] = [];
  a.scheduler.define('h', () => void ran.push(`${currentRun()!.name}:${currentRun()!.kind}@${(currentRun()!.scheduledAt.getTime() - T0) / MIN}`));
  a.scheduler.start();
  await clock.advance(0); // the catch-up runs of 'all' follow one another, each armed at its predecessor's end
  assert.equal(ran.sort(), ['all:catchup@3', 'all:catchup@4', 'all:catchup@5', 'once:catchup@5']);
  const missed = (a.of('missed') as Array<{ task: { name: string }; count: number; first: Date; last: Date }>)
    .map((m) => [m.task.name, m.count, (m.first.getTime() - T0) / MIN, (m.last.getTime() - T0) / MIN]).sort();
  assert.equal(missed, [['all', 2, 1, 2], ['once', 4, 1, 4], ['skip', 5, 1, 5]]);
  const infos = await a.scheduler.tasks();
  assert.equal(infos.map((t) => [t.name, (t.nextRunAt!.getTime() - T0) / MIN]), [['all', 6], ['once', 6], ['skip', 6]]);
});

test('clockSkew: an offset over 60 s from the store is reported once per crossing, measured again every minute', async () => {
  const clock = new ManualClock(T0);
  let skew = 90_000;
  // The database's clock runs `skew` ms ahead of this process's.
  const ahead = durableStore({ now: () => clock.now() + skew, monotonic: () => clock.monotonic(), setTimeout: () => 0, clearTimeout: () => {} });
  const a = node(ahead, clock);
  const ran: number[] = [];
  a.scheduler.define('h', () => void ran.push(clock.now() - T0));
  a.scheduler.start();
  await clock.flush();
  assert.equal(a.of('clockSkew'), [{ offsetMs: 90_000 }]);
  await a.scheduler.addSingleTask({ name: 'db-time', action: 'h', at: T0 + 100_000 });
  await clock.advance(10_000);
  assert.equal(ran, [10_000], 'armed in database time: the store says T0 + 100 s when this clock says T0 + 10 s');
  await clock.advance(3 * 60_000);
  assert.is(a.of('clockSkew').length, 1, 'still skewed: not reported again');
  skew = 0;
  await clock.advance(60_000);
  skew = -120_000;
  await clock.advance(60_000);
  assert.equal(a.of('clockSkew'), [{ offsetMs: 90_000 }, { offsetMs: -120_000 }]);
});

test('a store call that fails is reported and retried with a back-off; the loop never dies', async () => {
  const { clock, store } = world();
  let failing = true;
  const flaky = new Proxy(store, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key, target);
      if (key === 'claim') return (...args: unknown[]) => (failing ? Promise.reject(new Error('connection lost')) : (value as (...a: unknown[]) => unknown).apply(target, args));
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  const a = node(flaky, clock);
  const ran: number[] = [];
  a.scheduler.define('h', () => void ran.push(clock.now() - T0));
  await a.scheduler.addIntervalTask({ name: 'i', action: 'h', interval: 1000 });
  a.scheduler.start();
  await clock.advance(1000);
  const errors = (a.of('error') as Array<{ error: Error }>).map((e) => e.error.message);
  assert.equal(errors, ['connection lost', 'connection lost'], 'at 0 and after the first back-off (500 ms)');
  failing = false;
  await clock.advance(1000);
  assert.equal(ran, [1500, 2000], "the next wake (after 1000 ms of back-off) claims: the slot at 0 was late, 'once' ran the latest (1000) at 1500, then the grid");
});

test('a failed start-up step (subscribe) is tried again at the next wake, without a second subscription', async () => {
  const { clock, store } = world();
  let subscribes = 0;
  const flaky = new Proxy(store, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key, target);
      if (key === 'subscribe') return (...args: unknown[]) => (++subscribes === 1 ? Promise.reject(new Error('no listen')) : (value as (...a: unknown[]) => unknown).apply(target, args));
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  const a = node(flaky, clock);
  const ran: number[] = [];
  a.scheduler.define('h', () => void ran.push(clock.now() - T0));
  await a.scheduler.addSingleTask({ name: 's', action: 'h', at: T0 + 2000 });
  a.scheduler.start();
  await clock.advance(2000);
  assert.equal((a.of('error') as Array<{ error: Error }>).map((e) => e.error.message), ['no listen']);
  assert.is(subscribes, 2);
  assert.equal(ran, [2000]);
  assert.is((await store.instances()).length, 1);
});

test('a handler defined after its schedule was first seen is used from then on', async () => {
  const { clock, store } = world();
  const a = node(store, clock);
  await a.scheduler.addIntervalTask({ name: 'late', action: 'late', interval: 1000, initialDelay: 1000 });
  a.scheduler.start();
  await clock.advance(1000);
  assert.is((a.of('error') as Array<{ error: Error }>)[0]?.error.name, 'HandlerNotFoundError');
  a.scheduler.define('late', () => 'ok');
  await clock.advance(1000);
  assert.equal((a.of('success') as Array<{ value: unknown }>).map((e) => e.value), ['ok']);
  await a.scheduler.onIdle();
});

test('stop() removes the instance and unsubscribes; a stopped process claims nothing', async () => {
  const { clock, store } = world();
  const a = node(store, clock);
  a.scheduler.start();
  await clock.flush();
  assert.is((await store.instances()).length, 1);
  await a.scheduler.stop();
  assert.is((await store.instances()).length, 0);
  assert.equal(a.trail(), ['stop']);
  assert.equal(a.of('claim').map((c) => (c as { runs: number }).runs), [0], 'one look at the store at start, nothing due');
  assert.is(clock.pendingTimers, 0);
});

test.run();
