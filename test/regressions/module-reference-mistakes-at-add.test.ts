/**
 * Issue 10.5: module-reference mistakes showed only at the first run (a weekly job failed
 * days later). A missing file is a TypeError when the task is added, naming `action.module`,
 * the resolved path and the working directory; a missing export at the first run lists the
 * exports that exist; an ES module read as CommonJS says to use `.mjs`.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ModuleLoadError } from '../../lib/errors.js';
import { IntervalTask } from '../../lib/tasks/interval-task.js';
import { T0, harness, stopAll } from '../helpers.js';
import { buildPlain, runPlainApp } from '../execution/plain-node.js';
import { FIXTURES, errorOf, ref } from '../execution/wait.js';

const test = suite('module-reference mistakes are reported early and clearly');
test.after.each(stopAll);

test('a relative path to a missing file: TypeError at add naming the option, the resolved path and the cwd', () => {
  const resolved = join(process.cwd(), 'jobs', 'reprot.js');
  const { scheduler } = harness();
  assert.throws(
    () => scheduler.addIntervalTask({ name: 'typo', interval: 1000, action: { module: './jobs/reprot.js' } }),
    (error: Error) =>
      error instanceof TypeError &&
      error.message === `Expected \`action.module\` to name an existing file, got \`"./jobs/reprot.js"\` (string): ${resolved} does not exist ` +
        `(a relative path resolves against the working directory, process.cwd() = ${process.cwd()})`,
  );
  assert.equal(scheduler.tasks(), [], 'nothing was added');
});

test('an absolute path, a file: URL and a directory are checked too', () => {
  const missing = fileURLToPath(new URL('no-such-job.ts', FIXTURES));
  for (const module of [missing, new URL('no-such-job.ts', FIXTURES), new URL('no-such-job.ts', FIXTURES).href]) {
    assert.throws(() => new IntervalTask({ interval: 1000, action: { module } }), (error: Error) => error instanceof TypeError && error.message.includes(`${missing} does not exist`) && !error.message.includes('process.cwd()'));
  }
  assert.throws(() => new IntervalTask({ interval: 1000, action: { module: FIXTURES } }), /`action\.module` to name an existing file.* is not a file/);
});

for (const mode of ['concurrent', 'threaded', 'forked'] as const) {
  test(`${mode}: a missing export fails the first run with the exports that do exist`, async () => {
    const { clock, scheduler } = harness({ maxWorkers: 1 });
    scheduler.addSingleTask({ name: 'noexport', at: T0, processMethod: mode, action: ref('fail.ts', 'throw') });
    scheduler.start();
    const failed = errorOf(scheduler, 'noexport');
    await clock.advance(0);
    const error = (await failed) as ModuleLoadError;
    assert.instance(error, ModuleLoadError);
    assert.match(error.message, /Cannot load action `throw` from file:.*fail\.ts: it has no such export; the module exports: `hangs`, `rejects`, `throws`, `waitsForever`$/);
  });
}

test('plain node: an ES module in a "type": "commonjs" package fails in every mode with the .mjs hint', async () => {
  const build = buildPlain();
  try {
    const { results } = await runPlainApp(build.withTsx, ref('commonjs/esm-job.js').module.href);
    for (const mode of ['sequential', 'concurrent', 'threaded', 'forked'] as const) {
      assert.match(
        String(results[mode].error),
        /^ModuleLoadError: Cannot load action `default` from file:.*esm-job\.js: Unexpected token 'export'\. Job modules are ES modules, and this one was read as CommonJS: .*"type": "commonjs".*name the file `\.mjs`, or set "type": "module"$/,
        mode,
      );
    }
  } finally {
    build.dispose();
  }
});

test.run();
