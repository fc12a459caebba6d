import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { IntervalTask } from '../../lib/tasks/interval-task.js';
import { ModuleLoadError } from '../../lib/errors.js';
import { T0, harness, stopAll } from '../helpers.js';
import { errorOf, ref, valueOf } from './wait.js';

const test = suite('module-referenced actions');
test.after.each(stopAll);

for (const mode of ['sequential', 'concurrent'] as const) {
  test(`a module reference runs in the main thread under ${mode}, args and kw as with functions`, async () => {
    const { clock, scheduler } = harness();
    scheduler.addSingleTask({ name: 'where', at: T0, processMethod: mode, action: ref('ok.ts', 'where') });
    scheduler.addSingleTask({ name: 'add', at: T0, processMethod: mode, action: ref('ok.ts', 'add'), args: [2, 3], kw: { times: 10 } });
    scheduler.start();
    const where = valueOf(scheduler, 'where');
    const sum = valueOf(scheduler, 'add');
    await clock.advance(0);
    assert.equal(((await where) as { isMainThread: boolean }).isMainThread, true);
    assert.is(await sum, 50);
  });
}

test('the default export is used when `export` is omitted, and currentRun() works in the module', async () => {
  const { clock, scheduler } = harness();
  scheduler.addSingleTask({ name: 'hello', at: T0, processMethod: 'concurrent', action: ref('ok.ts'), args: ['kronos'] });
  scheduler.addSingleTask({ name: 'ctx', at: T0 + 5, processMethod: 'concurrent', action: ref('ok.ts', 'context') });
  scheduler.start();
  const hello = valueOf(scheduler, 'hello');
  const ctx = valueOf(scheduler, 'ctx');
  await clock.advance(5);
  assert.is(await hello, 'hello kronos');
  assert.equal(await ctx, { name: 'ctx', scheduledAt: T0 + 5, kind: 'scheduled', attempt: 1, hasSignal: true });
});

test('a relative module path resolves against the working directory when the task is built', () => {
  const task = new IntervalTask({ interval: 1000, action: { module: './test/fixtures/workers/ok.ts' } });
  assert.is(task.moduleUrl, new URL('test/fixtures/workers/ok.ts', `file://${process.cwd()}/`).href);
  const fromString = new IntervalTask({ interval: 1000, action: { module: ref('ok.ts').module.href } });
  assert.is(fromString.moduleUrl, ref('ok.ts').module.href);
});

test('a module missing at run time, a missing export and a non-function export fail the run with ModuleLoadError', async () => {
  // A missing file is refused when the task is added (test/regressions/module-reference-mistakes-at-add.test.ts);
  // one that disappears after that fails its run.
  const dir = mkdtempSync(join(tmpdir(), 'kronos-modules-'));
  const gone = join(dir, 'nope.mjs');
  writeFileSync(gone, 'export default () => 1;\n');
  const { clock, scheduler } = harness();
  scheduler.addSingleTask({ name: 'nofile', at: T0, processMethod: 'concurrent', action: { module: gone } });
  rmSync(dir, { recursive: true });
  scheduler.addSingleTask({ name: 'noexport', at: T0, processMethod: 'concurrent', action: ref('ok.ts', 'missing') });
  scheduler.addSingleTask({ name: 'notfn', at: T0, processMethod: 'concurrent', action: ref('ok.ts', 'notAFunction') });
  scheduler.start();
  const errors = [errorOf(scheduler, 'nofile'), errorOf(scheduler, 'noexport'), errorOf(scheduler, 'notfn')];
  await clock.advance(0);
  const [nofile, noexport, notfn] = (await Promise.all(errors)) as ModuleLoadError[];
  assert.instance(nofile, ModuleLoadError);
  assert.match(nofile!.message, /nope\.mjs/);
  assert.match(noexport!.message, /`missing`.*no such export/);
  assert.match(notfn!.message, /number, not a function/);
});

test('args that cannot be structured-cloned are a TypeError when an off-thread task is built', () => {
  assert.throws(() => new IntervalTask({ interval: 1000, action: ref('ok.ts'), args: [() => 1] }), /`args` must be structured-cloneable/);
  assert.throws(() => new IntervalTask({ interval: 1000, action: ref('ok.ts'), processMethod: 'forked', kw: { f: Symbol('x') } }), /`kw` must be structured-cloneable/);
  // In the main thread anything goes.
  new IntervalTask({ interval: 1000, action: ref('ok.ts'), processMethod: 'concurrent', args: [() => 1] });
});

test.run();
