// Issue 9.16 (second half): an `around` hook that called next() twice ran the action twice
// for one counted run. The second next() is now an error reported for that run; the action
// runs once.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { AroundNextError } from '../../lib/errors.js';
import type { AroundHook } from '../../lib/types.js';
import { T0, harness, stopAll, watchProcessErrors } from '../helpers.js';

const test = suite('around: next() twice');
test.after.each(stopAll);

const hooks: Record<string, AroundHook> = {
  'awaits both': async (_run, next) => {
    await next();
    return next();
  },
  'ignores the second': async (_run, next) => {
    const value = await next();
    void next();
    return value;
  },
  'catches the second': async (_run, next) => {
    const value = await next();
    await next().catch(() => undefined);
    return value;
  },
  'calls both at once, synchronously': (_run, next) => {
    void next();
    return next();
  },
};

for (const [label, around] of Object.entries(hooks)) {
  for (const where of ['task', 'scheduler'] as const) {
    test(`a ${where} hook that ${label}: the action runs once and the run fails`, async () => {
      const watch = watchProcessErrors();
      const h = harness(where === 'scheduler' ? { around } : {});
      let calls = 0;
      h.scheduler.addSingleTask({ name: 'job', at: T0 + 10, action: () => ++calls, ...(where === 'task' ? { around } : {}) });
      h.scheduler.start();
      await h.clock.advance(10);
      await h.clock.advance(0);
      watch.dispose();
      assert.equal(watch.errors, []);
      assert.is(calls, 1);
      const errors = h.record.of('error') as Array<{ task?: { name: string }; error: unknown; run?: unknown }>;
      assert.is(errors.length, 1);
      assert.instance(errors[0]?.error, AroundNextError);
      assert.is(errors[0]?.task?.name, 'job');
      assert.ok(errors[0]?.run);
      assert.is(h.record.of('success').length, 0);
    });
  }
}

test('next() called again after the run ended is reported for that run', async () => {
  const h = harness();
  let calls = 0;
  let later: (() => Promise<unknown>) | undefined;
  h.scheduler.addSingleTask({
    name: 'job',
    at: T0 + 10,
    action: () => ++calls,
    around: async (_run, next) => {
      later = next;
      return next();
    },
  });
  h.scheduler.start();
  await h.clock.advance(10);
  assert.is(h.record.of('success').length, 1);
  let rejected: unknown;
  await (later as () => Promise<unknown>)().catch((error: unknown) => (rejected = error));
  assert.instance(rejected, AroundNextError);
  assert.is(calls, 1);
  const errors = h.record.of('error') as Array<{ task?: { name: string }; error: unknown }>;
  assert.is(errors.length, 1);
  assert.is(errors[0]?.error, rejected);
  assert.is(errors[0]?.task?.name, 'job');
});

test('nested hooks that call next() once each run the action once and succeed', async () => {
  const order: string[] = [];
  const h = harness({ around: async (_run, next) => { order.push('outer'); return next(); } });
  h.scheduler.addSingleTask({ name: 'job', at: T0 + 10, action: () => { order.push('action'); return 7; }, around: async (_run, next) => { order.push('inner'); return next(); } });
  h.scheduler.start();
  await h.clock.advance(10);
  assert.equal(order, ['outer', 'inner', 'action']);
  assert.equal((h.record.of('success') as Array<{ value: unknown }>).map((s) => s.value), [7]);
  assert.is(h.record.of('error').length, 0);
});

test.run();
