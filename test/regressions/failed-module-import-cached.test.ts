/**
 * Issue 9.23: a job module that failed to import was kept failed in the module cache, so a
 * job whose file was missing once kept failing until restart, even after the file appeared.
 * Absent on the first run, present on the second: the second run succeeds, in every mode.
 */
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ModuleLoadError } from '../../lib/errors.js';
import { harness, stopAll } from '../helpers.js';
import { outcomeOf } from '../execution/wait.js';

const test = suite('a failed module import is retried on the next run');
test.after.each(stopAll);

const dir = mkdtempSync(join(tmpdir(), 'kronos-retry-import-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

for (const mode of ['sequential', 'concurrent', 'threaded', 'forked'] as const) {
  test(`${mode}: missing on the first run, present on the second`, async () => {
    const file = join(dir, `job-${mode}.mjs`);
    writeFileSync(file, `export default function job() { return 'loaded in ${mode}'; }\n`);
    const { clock, scheduler } = harness({ maxWorkers: 1 });
    scheduler.addIntervalTask({ name: 'job', interval: 1000, processMethod: mode, action: { module: pathToFileURL(file) } });
    renameSync(file, `${file}.away`);
    scheduler.start();
    const first = outcomeOf(scheduler, 'job');
    await clock.advance(0);
    const failed = await first;
    assert.is(failed.type, 'error');
    assert.instance((failed.payload as { error: unknown }).error, ModuleLoadError);
    renameSync(`${file}.away`, file);
    const second = outcomeOf(scheduler, 'job');
    await clock.advance(1000);
    const outcome = await second;
    assert.is(outcome.type, 'success', String((outcome.payload as { error?: Error }).error?.message));
    assert.is((outcome.payload as { value: unknown }).value, `loaded in ${mode}`);
  });

  test(`${mode}: its import missing on the first run, present on the second`, async () => {
    const file = join(dir, `parent-${mode}.mjs`);
    const dep = join(dir, `dep-${mode}.mjs`);
    writeFileSync(file, `import { word } from './dep-${mode}.mjs';\nexport default function job() { return word; }\n`);
    const { clock, scheduler } = harness({ maxWorkers: 1 });
    scheduler.addIntervalTask({ name: 'job', interval: 1000, processMethod: mode, action: { module: pathToFileURL(file) } });
    scheduler.start();
    const first = outcomeOf(scheduler, 'job');
    await clock.advance(0);
    const failed = await first;
    assert.is(failed.type, 'error');
    assert.instance((failed.payload as { error: unknown }).error, ModuleLoadError);
    assert.match(String((failed.payload as { error: Error }).error.message), new RegExp(`dep-${mode}\\.mjs`));
    writeFileSync(dep, `export const word = 'dependency found in ${mode}';\n`);
    const second = outcomeOf(scheduler, 'job');
    await clock.advance(1000);
    const outcome = await second;
    assert.is(outcome.type, 'success', String((outcome.payload as { error?: Error }).error?.message));
    assert.is((outcome.payload as { value: unknown }).value, `dependency found in ${mode}`);
  });
}

test.run();
