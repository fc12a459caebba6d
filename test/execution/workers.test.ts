import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { isMainThread } from 'node:worker_threads';
import { T0, harness, stopAll, watchProcessErrors } from '../helpers.js';
import { outcomeOf, ref, valueOf } from './wait.js';

const test = suite('threaded and forked runs');
test.after.each(stopAll);

test('threaded runs in a worker thread of this process, forked in a child process', async () => {
  const { clock, scheduler } = harness({ maxWorkers: 1 });
  scheduler.addSingleTask({ name: 't', at: T0, processMethod: 'threaded', action: ref('ok.ts', 'where') });
  scheduler.addSingleTask({ name: 'f', at: T0, processMethod: 'forked', action: ref('ok.ts', 'where') });
  scheduler.start();
  const [t, f] = [valueOf(scheduler, 't'), valueOf(scheduler, 'f')];
  await clock.advance(0);
  const thread = (await t) as { pid: number; isMainThread: boolean; threadId: number };
  const child = (await f) as { pid: number; isMainThread: boolean };
  assert.ok(isMainThread);
  assert.equal([thread.pid, thread.isMainThread], [process.pid, false]);
  assert.ok(thread.threadId > 0);
  assert.is.not(child.pid, process.pid);
});

for (const mode of ['threaded', 'forked'] as const) {
  test(`${mode}: args, kw and results cross as structured clones; currentRun() is set in the worker`, async () => {
    const { clock, scheduler } = harness({ maxWorkers: 1 });
    const when = new Date(Date.UTC(2020, 1, 29));
    scheduler.addSingleTask({ name: 'add', at: T0, processMethod: mode, action: ref('ok.ts', 'add'), args: [1, 2], kw: { times: 3 } });
    scheduler.addSingleTask({ name: 'clone', at: T0, processMethod: mode, action: ref('ok.ts', 'roundTrip'), args: [{ when, set: new Set([1]) }] });
    scheduler.addSingleTask({ name: 'ctx', at: T0 + 1, processMethod: mode, action: ref('ok.ts', 'context') });
    scheduler.addSingleTask({ name: 'hello', at: T0 + 1, processMethod: mode, action: ref('ok.ts') });
    scheduler.start();
    const values = ['add', 'clone', 'ctx', 'hello'].map((name) => valueOf(scheduler, name));
    await clock.advance(1);
    const [sum, clone, ctx, hello] = await Promise.all(values);
    assert.is(sum, 9);
    const c = clone as { value: { when: Date; set: Set<number> }; at: Date; map: Map<string, number> };
    assert.instance(c.value.when, Date);
    assert.is(c.value.when.getTime(), when.getTime());
    assert.ok(c.value.set.has(1));
    assert.is(c.map.get('k'), 1);
    assert.equal(ctx, { name: 'ctx', scheduledAt: T0 + 1, kind: 'scheduled', attempt: 1, hasSignal: true });
    assert.is(hello, 'hello world');
  });
}

test('many runs share a small pool: four runs on one worker all succeed', async () => {
  const { clock, scheduler } = harness({ maxWorkers: 1 });
  for (let i = 0; i < 4; i++) scheduler.addSingleTask({ name: `s${i}`, at: T0, action: ref('ok.ts', 'sleep'), args: [20] });
  scheduler.start();
  const all = Promise.all([0, 1, 2, 3].map((i) => valueOf(scheduler, `s${i}`)));
  await clock.advance(0);
  assert.equal(await all, [20, 20, 20, 20]);
});

for (const mode of ['threaded', 'forked'] as const) {
  test(`${mode}: maxInstances with overlap 'skip' skips, with 'queue' runs the pending run after`, async () => {
    const { clock, scheduler, record } = harness({ maxWorkers: 2 });
    const watch = watchProcessErrors();
    scheduler.addIntervalTask({ name: 'skip', interval: 10, processMethod: mode, action: ref('ok.ts', 'sleep'), args: [400] });
    scheduler.addIntervalTask({ name: 'queue', interval: 10, overlap: 'queue', processMethod: mode, action: ref('ok.ts', 'sleep'), args: [100] });
    scheduler.start();
    const first = [outcomeOf(scheduler, 'skip'), outcomeOf(scheduler, 'queue')];
    await clock.advance(0);
    await clock.advance(10);
    // The second slot: 'skip' drops it, 'queue' keeps it as the one pending run.
    assert.equal(record.of('skip').map((p) => (p as { task: { name: string } }).task.name), ['skip']);
    assert.equal((await first[1])!.type, 'success');
    // The queued slot starts as soon as the first queue run ends, with no clock movement.
    const second = await outcomeOf(scheduler, 'queue');
    assert.is(second.type, 'success');
    assert.is((await first[0])!.type, 'success');
    watch.dispose();
    assert.equal(watch.errors, []);
  });
}

test.run();
