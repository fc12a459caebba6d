// Issue 12 gap 2: a durable runNow claimed the run for the calling process at once. From a
// producer (execute: false), a stopped scheduler, a process not serving the schedule's queue,
// or with a delay, the run then waited for its lease to run out and ran as attempt 2. A manual
// run is now a pending row that the first process serving its queue claims when it is due.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { currentRun } from '../../lib/execution/current-run.js';
import { T0, node, stopNodes, world } from '../scheduler/durable/helpers.js';

const test = suite('durable runNow held by its caller');
test.after.each(stopNodes);

const LEASE = 30_000;

function setUp() {
  const { clock, store } = world();
  const worker = node(store, clock, { leaseMs: LEASE });
  const ran: Array<{ kind: string; attempt: number; slot: number; at: number }> = [];
  worker.scheduler.define('job', () => {
    const run = currentRun()!;
    ran.push({ kind: run.kind, attempt: run.attempt, slot: run.scheduledAt.getTime() - T0, at: clock.now() - T0 });
  });
  return { clock, store, worker, ran };
}

test('runNow from a producer runs on a worker at once, as attempt 1', async () => {
  const { clock, store, worker, ran } = setUp();
  const producer = node(store, clock, { leaseMs: LEASE, execute: false });
  await producer.scheduler.addIntervalTask({ name: 'j', action: 'job', interval: 3_600_000, initialDelay: 3_600_000 });
  worker.scheduler.start();
  producer.scheduler.start();
  await clock.advance(100);
  await producer.scheduler.runNow('j');
  await clock.advance(1);
  assert.equal(ran, [{ kind: 'manual', attempt: 1, slot: 100, at: 100 }]);
});

test('runNow on a stopped scheduler runs on a live worker at once', async () => {
  const { clock, store, worker, ran } = setUp();
  const idle = node(store, clock, { leaseMs: LEASE });
  idle.scheduler.define('job', () => void ran.push({ kind: 'idle', attempt: 0, slot: 0, at: 0 }));
  await idle.scheduler.addIntervalTask({ name: 'j', action: 'job', interval: 3_600_000, initialDelay: 3_600_000 });
  worker.scheduler.start();
  await clock.advance(100);
  await idle.scheduler.runNow('j');
  await clock.advance(1);
  assert.equal(ran, [{ kind: 'manual', attempt: 1, slot: 100, at: 100 }]);
});

test("runNow from a process not serving the schedule's queue runs on one that does", async () => {
  const { clock, store, ran } = setUp();
  const reports = node(store, clock, { leaseMs: LEASE, queues: ['reports'] });
  const other = node(store, clock, { leaseMs: LEASE, queues: ['default'] });
  reports.scheduler.define('job', () => void ran.push({ kind: currentRun()!.kind, attempt: currentRun()!.attempt, slot: 0, at: clock.now() - T0 }));
  other.scheduler.define('job', () => void ran.push({ kind: 'wrong queue', attempt: 0, slot: 0, at: 0 }));
  await other.scheduler.addIntervalTask({ name: 'j', action: 'job', interval: 3_600_000, initialDelay: 3_600_000, queue: 'reports' });
  reports.scheduler.start();
  other.scheduler.start();
  await clock.advance(100);
  await other.scheduler.runNow('j');
  await clock.advance(1);
  assert.equal(ran, [{ kind: 'manual', attempt: 1, slot: 0, at: 100 }]);
});

test('runNow with a delay runs at its instant, as attempt 1', async () => {
  const { clock, worker, ran } = setUp();
  await worker.scheduler.addIntervalTask({ name: 'j', action: 'job', interval: 3_600_000, initialDelay: 3_600_000 });
  worker.scheduler.start();
  await clock.advance(100);
  await worker.scheduler.runNow('j', { delay: 5000 });
  await clock.advance(4999);
  assert.equal(ran, []);
  await clock.advance(1);
  assert.equal(ran, [{ kind: 'manual', attempt: 1, slot: 5100, at: 5100 }]);
});

test('runNow with a delay from a process stopped before its instant runs on a peer then, as attempt 1', async () => {
  const { clock, store, worker, ran } = setUp();
  const caller = node(store, clock, { leaseMs: LEASE });
  caller.scheduler.define('job', () => void ran.push({ kind: 'caller', attempt: currentRun()!.attempt, slot: 0, at: clock.now() - T0 }));
  await caller.scheduler.addIntervalTask({ name: 'j', action: 'job', interval: 3_600_000, initialDelay: 3_600_000 });
  caller.scheduler.start();
  await clock.advance(100);
  await caller.scheduler.runNow('j', { delay: 5000 });
  await caller.scheduler.stop({ timeout: 0 });
  worker.scheduler.start();
  await clock.advance(5000);
  assert.equal(ran, [{ kind: 'manual', attempt: 1, slot: 5100, at: 5100 }]);
});

test.run();
