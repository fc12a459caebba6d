import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { T0, deferred, harness, names, stopAll } from '../helpers.js';
import { recordOf } from '../../lib/scheduler/task-record.js';
import type { Task as AnyTask } from '../../lib/tasks/task.js';

/** What the scheduler knows about a task (its record), for reads the TaskInfo does not carry. */
const stateOf = (task: AnyTask | undefined) => (task === undefined ? undefined : recordOf(task) ?? undefined);

const test = suite('process methods and ordering');
test.after.each(stopAll);

test('a sequential interval counts the next run from completion (Kronos)', async () => {
  const { clock, scheduler } = harness();
  const starts: number[] = [];
  scheduler.addIntervalTask({
    name: 'seq',
    interval: 1000,
    processMethod: 'sequential',
    action: async () => {
      starts.push(clock.now() - T0);
      await new Promise<void>((resolve) => clock.setTimeout(resolve, 300));
    },
  });
  scheduler.start();
  await clock.advance(5000);
  assert.equal(starts, [0, 1300, 2600, 3900]);
});

test('a concurrent interval keeps a fixed grid from the first slot (no drift)', async () => {
  const { clock, scheduler } = harness();
  const starts: number[] = [];
  scheduler.addIntervalTask({
    name: 'grid',
    interval: 1000,
    action: async () => {
      starts.push(clock.now() - T0);
      await new Promise<void>((resolve) => clock.setTimeout(resolve, 300));
    },
  });
  scheduler.start();
  await clock.advance(5000);
  assert.equal(starts, [0, 1000, 2000, 3000, 4000, 5000]);
});

test('event order: concurrent start, scheduled, success; sequential start, success, scheduled', async () => {
  const { clock, scheduler, record } = harness();
  scheduler.addSingleTask({ name: 'warmup', at: T0 + 10_000, action: () => {} });
  scheduler.addIntervalTask({ name: 'c', interval: 1000, initialDelay: 1000, action: () => {} });
  scheduler.addIntervalTask({ name: 's', interval: 1000, initialDelay: 1500, processMethod: 'sequential', action: () => {} });
  scheduler.start();
  record.events.length = 0;
  await clock.advance(1000);
  assert.equal(record.events.map((e) => `${e.type}:${e.name}`), ['start:c', 'scheduled:c', 'success:c']);
  record.events.length = 0;
  await clock.advance(500);
  assert.equal(record.events.map((e) => `${e.type}:${e.name}`), ['start:s', 'success:s', 'scheduled:s']);
});

test('runs due at the same instant go by priority, then FIFO', async () => {
  const { clock, scheduler } = harness();
  const order: string[] = [];
  for (const [name, priority] of [['a', 0], ['b', 5], ['c', -1], ['d', 0], ['e', 5]] as const) {
    scheduler.addSingleTask({ name, priority, at: T0 + 100, action: () => order.push(name) });
  }
  scheduler.start();
  await clock.advance(100);
  assert.equal(order, ['c', 'a', 'd', 'b', 'e']);
});

test('sequential runs share one FIFO lane and wait for each other, never for concurrent ones', async () => {
  const { clock, scheduler } = harness();
  const log: string[] = [];
  const gate = deferred();
  scheduler.addSingleTask({ name: 's1', at: T0 + 100, processMethod: 'sequential', action: async () => { log.push('s1 start'); await gate.promise; log.push('s1 end'); } });
  scheduler.addSingleTask({ name: 's2', at: T0 + 100, processMethod: 'sequential', action: () => log.push('s2') });
  scheduler.addSingleTask({ name: 'c1', at: T0 + 100, action: () => log.push('c1') });
  scheduler.addSingleTask({ name: 'c2', at: T0 + 200, action: () => log.push('c2') });
  scheduler.start();
  await clock.advance(200);
  assert.equal(log, ['s1 start', 'c1', 'c2']);
  gate.resolve();
  await clock.flush();
  assert.equal(log, ['s1 start', 'c1', 'c2', 's1 end', 's2']);
});

test('time spent waiting in the sequential lane is not a misfire', async () => {
  const { clock, scheduler, record } = harness();
  const gate = deferred();
  scheduler.addSingleTask({ name: 'slow', at: T0 + 100, processMethod: 'sequential', action: () => gate.promise });
  scheduler.addIntervalTask({ name: 'quick', interval: 60_000, initialDelay: 200, processMethod: 'sequential', catchUp: 'skip', action: () => {} });
  scheduler.start();
  await clock.advance(10_000);
  assert.equal(names(record, 'start'), ['slow']);
  gate.resolve();
  await clock.flush();
  assert.equal(names(record, 'start'), ['slow', 'quick']);
  assert.equal(record.of('missed'), []);
});

test('maxInstances 1 skips an overlapping run with a skip event carrying runningForMs', async () => {
  const { clock, scheduler, record } = harness();
  const gate = deferred();
  scheduler.addIntervalTask({ name: 'long', interval: 1000, action: () => gate.promise });
  scheduler.start();
  await clock.advance(2500);
  const skips = record.of('skip') as Array<{ runningForMs: number; scheduledAt: Date }>;
  assert.equal(skips.map((s) => s.runningForMs), [1000, 2000]);
  assert.is(stateOf(scheduler.getTask('long'))?.runs, 1);
  gate.resolve();
  await clock.advance(500);
  assert.is(stateOf(scheduler.getTask('long'))?.runs, 2, 'the grid continues after the skips');
});

test("overlap 'queue' keeps at most one pending run and starts it when the slot frees", async () => {
  const { clock, scheduler, record } = harness();
  let gate = deferred();
  const starts: number[] = [];
  scheduler.addIntervalTask({
    name: 'q',
    interval: 1000,
    overlap: 'queue',
    action: () => {
      starts.push(clock.now() - T0);
      return gate.promise;
    },
  });
  scheduler.start();
  await clock.advance(2500); // slot 1000 queued, slot 2000 skipped
  assert.equal(starts, [0]);
  assert.is(record.of('skip').length, 1);
  const first = gate;
  gate = deferred();
  first.resolve();
  await clock.advance(100);
  assert.equal(starts, [0, 2500], "the queued run starts as soon as the slot frees");
  const started = record.of('start') as Array<{ run: { scheduledAt: Date } }>;
  assert.equal(started[1]?.run.scheduledAt, new Date(T0 + 1000));
});

test('maxInstances 2 lets two runs overlap', async () => {
  const { clock, scheduler } = harness();
  let running = 0;
  let peak = 0;
  const gate = deferred();
  scheduler.addIntervalTask({
    name: 'two',
    interval: 1000,
    maxInstances: 2,
    action: async () => {
      peak = Math.max(peak, ++running);
      await gate.promise;
      running--;
    },
  });
  scheduler.start();
  await clock.advance(3000);
  assert.is(peak, 2);
  gate.resolve();
});

test('20 000 sequential runs due at once run in FIFO order without deep recursion', async () => {
  const { clock, scheduler } = harness({ listen: false });
  const order: number[] = [];
  for (let i = 0; i < 20_000; i++) scheduler.addSingleTask({ at: T0 + 10, processMethod: 'sequential', action: () => order.push(i) });
  scheduler.start();
  await clock.advance(10);
  assert.is(order.length, 20_000);
  assert.ok(order.every((v, i) => v === i));
});

test('a synchronous action ends in the same tick; an async one when its promise settles', async () => {
  const { clock, scheduler, record } = harness();
  const gate = deferred();
  scheduler.addSingleTask({ name: 'sync', at: T0 + 10, action: () => 'done' });
  scheduler.addSingleTask({ name: 'async', at: T0 + 10, action: () => gate.promise });
  scheduler.start();
  await clock.advance(10);
  assert.equal(names(record, 'success'), ['sync']);
  const [success] = record.of('success') as Array<{ value: unknown }>;
  assert.is(success?.value, 'done');
  gate.resolve();
  await clock.flush();
  assert.equal(names(record, 'success'), ['sync', 'async']);
});

test.run();
