import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { currentRun } from '../../../lib/execution/current-run.js';
import type { RunContext } from '../../../lib/types.js';
import { T0, node, stopNodes, world } from './helpers.js';

const test = suite('durable engine: the claim loop');
test.after.each(stopNodes);
const MIN = 60_000;

test('an interval schedule runs at each slot with the same events as in memory', async () => {
  const { clock, store } = world();
  const a = node(store, clock);
  const seen: RunContext[] = [];
  a.scheduler.define('tick', (x: number, kw: { y: number }) => {
    seen.push(currentRun()!);
    return x + kw.y;
  });
  const declared = await a.scheduler.addIntervalTask({ name: 'tick', action: 'tick', args: [1], kw: { y: 2 }, interval: MIN, initialDelay: MIN });
  assert.is(declared.result, 'created');
  assert.equal(declared.task.nextRunAt, new Date(T0 + MIN));
  a.scheduler.start();
  await clock.advance(3 * MIN);
  assert.equal(seen.map((r) => [r.name, r.scheduledAt.getTime() - T0, r.kind, r.attempt]), [
    ['tick', MIN, 'scheduled', 1], ['tick', 2 * MIN, 'scheduled', 1], ['tick', 3 * MIN, 'scheduled', 1],
  ]);
  assert.equal(a.trail(), ['start:tick', 'scheduled:tick', 'success:tick', 'start:tick', 'scheduled:tick', 'success:tick', 'start:tick', 'scheduled:tick', 'success:tick']);
  assert.equal((a.of('success') as Array<{ value: unknown }>).map((s) => s.value), [3, 3, 3]);
  assert.equal((a.of('scheduled') as Array<{ at: Date }>).map((s) => s.at.getTime() - T0), [2 * MIN, 3 * MIN, 4 * MIN]);
  const runs = await store.runs('tick', 10);
  assert.equal(runs.map((r) => [r.slot - T0, r.kind, r.status]), [[3 * MIN, 'scheduled', 'success'], [2 * MIN, 'scheduled', 'success'], [MIN, 'scheduled', 'success']]);
});

test('one timer, armed for the next slot, capped at pollInterval when idle', async () => {
  const { clock, store } = world();
  const a = node(store, clock, { pollInterval: 5000 });
  a.scheduler.start();
  await clock.flush();
  // The claim loop's one timer, beside the upkeep's (liveness and pruning, every leaseMs / 3).
  assert.equal(clock.pendingDelays(), [5000, 10_000]);
  a.scheduler.define('h', () => {});
  await a.scheduler.addSingleTask({ name: 's', action: 'h', at: T0 + 1234 });
  await clock.flush();
  assert.equal(clock.pendingDelays(), [1234, 10_000], 'a declared schedule due sooner re-arms at once');
  await clock.advance(1234);
  assert.equal(a.trail(), ['start:s', 'success:s']);
  assert.equal(clock.pendingDelays(), [5000, 10_000 - 1234]);
});

test('two processes on one store over 20 slots: every slot runs exactly once', async () => {
  const { clock, store } = world();
  const a = node(store, clock);
  const b = node(store, clock);
  const ran: Array<[string, number]> = [];
  a.scheduler.define('job', () => void ran.push(['a', currentRun()!.scheduledAt.getTime()]));
  b.scheduler.define('job', () => void ran.push(['b', currentRun()!.scheduledAt.getTime()]));
  const spec = { name: 'job', action: 'job', interval: 1000 } as const;
  assert.is((await a.scheduler.addIntervalTask(spec)).result, 'created');
  assert.is((await b.scheduler.addIntervalTask(spec)).result, 'unchanged');
  a.scheduler.start();
  b.scheduler.start();
  await clock.advance(19_000);
  const slots = ran.map(([, slot]) => slot - T0).sort((x, y) => x - y);
  assert.equal(slots, Array.from({ length: 20 }, (_, i) => i * 1000));
  const runs = await store.runs('job', 100);
  assert.is(runs.length, 20);
  assert.is(new Set(runs.map((r) => `${r.slot}/${r.kind}`)).size, 20);
});

test('a handler that throws, one that rejects: reported as error, stored, and the loop goes on', async () => {
  const { clock, store } = world();
  const a = node(store, clock);
  a.scheduler.define('throws', () => {
    throw new Error('boom');
  });
  a.scheduler.define('rejects', async () => {
    throw new Error('later');
  });
  await a.scheduler.addIntervalTask({ name: 't', action: 'throws', interval: 1000, initialDelay: 1000 });
  await a.scheduler.addIntervalTask({ name: 'r', action: 'rejects', interval: 1000, initialDelay: 1000 });
  a.scheduler.start();
  await clock.advance(2000);
  const errors = (a.of('error') as Array<{ task: { name: string }; error: Error; run: { scheduledAt: Date } }>).map((e) => [e.task.name, e.error.message, e.run.scheduledAt.getTime() - T0]);
  assert.equal(errors, [['r', 'later', 1000], ['t', 'boom', 1000], ['r', 'later', 2000], ['t', 'boom', 2000]]);
  const [run] = await store.runs('t', 1);
  assert.is(run?.status, 'error');
  assert.is(run?.attempts[0]?.error?.message, 'boom');
  assert.ok(run?.attempts[0]?.error?.stack?.includes('boom'));
  const info = (await a.scheduler.tasks()).find((t) => t.name === 't');
  assert.is(info?.failures, 2);
  assert.is(info?.lastOutcome?.status, 'error');
});

test('a hanging handler times out: aborted through its signal, stored as timeout', async () => {
  const { clock, store } = world();
  const a = node(store, clock);
  let signal: AbortSignal | undefined;
  a.scheduler.define('hang', () => {
    signal = currentRun()!.signal;
    return new Promise(() => {});
  });
  await a.scheduler.addSingleTask({ name: 'h', action: 'hang', at: T0 + 1000, timeout: 500 });
  a.scheduler.start();
  await clock.advance(1499);
  assert.is(signal?.aborted, false);
  await clock.advance(1);
  assert.is(signal?.aborted, true);
  const [error] = a.of('error') as Array<{ error: Error }>;
  assert.is(error?.error.name, 'TaskTimeoutError');
  const [run] = await store.runs('h', 1);
  assert.equal([run?.status, run!.finishedAt! - T0], ['timeout', 1500]);
});

test('maxInstances holds across two processes: the second one skips', async () => {
  const { clock, store } = world();
  const a = node(store, clock);
  const b = node(store, clock);
  let started = 0;
  for (const n of [a, b]) n.scheduler.define('slow', () => {
    started++;
    return new Promise<void>((resolve) => clock.setTimeout(resolve, 2500));
  });
  await a.scheduler.addIntervalTask({ name: 'slow', action: 'slow', interval: 1000, initialDelay: 1000, maxInstances: 1 });
  a.scheduler.start();
  b.scheduler.start();
  await clock.advance(3000);
  assert.is(started, 1, 'one run at a time across the processes');
  const skips = [...a.of('skip'), ...b.of('skip')] as Array<{ scheduledAt: Date }>;
  assert.equal(skips.map((s) => s.scheduledAt.getTime() - T0).sort(), [2000, 3000]);
  await clock.advance(1000);
  assert.is(started, 2, 'the slot after the run ended runs');
});

test('queues: a process runs only its queues; execute: false runs nothing', async () => {
  const { clock, store } = world();
  const producer = node(store, clock, { execute: false });
  const reports = node(store, clock, { queues: ['reports'] });
  const other = node(store, clock);
  const ran: string[] = [];
  reports.scheduler.define('r', () => void ran.push('reports'));
  other.scheduler.define('r', () => void ran.push('default'));
  producer.scheduler.define('r', () => void ran.push('producer'));
  await producer.scheduler.addSingleTask({ name: 'rep', action: 'r', at: T0 + 1000, queue: 'reports' });
  await producer.scheduler.addSingleTask({ name: 'def', action: 'r', at: T0 + 1000 });
  for (const n of [producer, reports, other]) n.scheduler.start();
  await clock.advance(1000);
  assert.equal(ran.sort(), ['default', 'reports']);
  assert.equal(producer.trail(), []);
  const instances = await store.instances();
  assert.equal(instances.map((i) => [i.execute, i.queues]).sort(), [[false, ['default']], [true, ['default']], [true, ['reports']]].sort());
});

test('runNow is a manual run beside the slots: it never takes a scheduled one', async () => {
  const { clock, store } = world();
  const a = node(store, clock);
  const kinds: string[] = [];
  a.scheduler.define('k', () => void kinds.push(`${currentRun()!.kind}@${currentRun()!.scheduledAt.getTime() - T0}`));
  await a.scheduler.addIntervalTask({ name: 'k', action: 'k', interval: 1000, initialDelay: 1000, maxInstances: 2 });
  a.scheduler.start();
  await clock.advance(500);
  assert.equal(await a.scheduler.runNow('k', { delay: 500 }), new Date(T0 + 1000));
  await clock.advance(500);
  assert.equal(kinds.sort(), ['manual@1000', 'scheduled@1000']);
  const runs = await store.runs('k', 10);
  assert.equal(runs.map((r) => r.kind).sort(), ['manual', 'scheduled']);
});

test('stop() lets a running run end and records it; at its timeout a hung run is aborted and recorded as an error', async () => {
  const { clock, store } = world();
  const a = node(store, clock);
  let signal: AbortSignal | undefined;
  a.scheduler.define('short', () => new Promise<void>((resolve) => clock.setTimeout(resolve, 500)));
  a.scheduler.define('hung', () => {
    signal = currentRun()!.signal;
    return new Promise(() => {});
  });
  await a.scheduler.addSingleTask({ name: 'short', action: 'short', at: T0 + 10 });
  await a.scheduler.addSingleTask({ name: 'hung', action: 'hung', at: T0 + 10 });
  a.scheduler.start();
  await clock.advance(10);
  let stopped = false;
  const stopping = a.scheduler.stop({ timeout: 1000 }).then(() => void (stopped = true));
  await clock.advance(500);
  assert.is((await store.runs('short', 1))[0]?.status, 'success');
  assert.is(stopped, false);
  await clock.advance(500);
  await stopping;
  assert.is(signal?.aborted, true);
  const [hung] = await store.runs('hung', 1);
  assert.equal([hung?.status, hung?.attempts[0]?.error?.name], ['error', 'RunAbortedError'], 'recorded with its token, not left to a peer');
  assert.equal(await store.instances(), []);
  assert.equal(a.trail().slice(-3), ['success:short', 'error:hung', 'stop']);
});

test('a module reference runs through the executor (a worker thread) with its args, kw and run context', async () => {
  const { clock, store } = world();
  const a = node(store, clock);
  const module = new URL('../../fixtures/workers/ok.ts', import.meta.url);
  await a.scheduler.addSingleTask({ name: 'm', action: { module, export: 'add' }, args: [2, 3], kw: { times: 4 }, at: T0 + 10 });
  await a.scheduler.addSingleTask({ name: 'ctx', action: { module, export: 'context' }, at: T0 + 10 });
  a.scheduler.start();
  await clock.advance(10);
  await a.scheduler.onIdle(); // the workers run in real time
  const values = new Map((a.of('success') as Array<{ task: { name: string }; value: unknown }>).map((e) => [e.task.name, e.value]));
  assert.is(values.get('m'), 20);
  assert.equal(values.get('ctx'), { name: 'ctx', scheduledAt: T0 + 10, kind: 'scheduled', attempt: 1, hasSignal: true });
});

test.run();
