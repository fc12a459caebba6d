/**
 * Issue 10.4: `.ts` job modules failed off-thread. Under plain `node` all three non-main
 * modes failed, and under `tsx` threaded/forked still failed: tsx was registered after a
 * failed import of the same URL, and Node keeps that failure. tsx is now registered before
 * the first import of a TypeScript module, in the main thread and in workers; without tsx
 * the error says to install it or use compiled JavaScript.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { buildPlain, runPlainApp } from '../execution/plain-node.js';
import type { PlainBuild } from '../execution/plain-node.js';

const test = suite('TypeScript job modules in every mode, under plain node and under tsx');
let build: PlainBuild;
test.before(() => {
  build = buildPlain();
});
test.after(() => build.dispose());

const job = new URL('../fixtures/workers/report.ts', import.meta.url).href;
const expected = {
  sequential: { value: 'sequential: 42 lines' },
  concurrent: { value: 'concurrent: 42 lines' },
  threaded: { value: 'threaded: 42 lines' },
  forked: { value: 'forked: 42 lines' },
};

test('plain node, tsx installed: a .ts job runs in all four modes', async () => {
  const { results, code, stderr } = await runPlainApp(build.withTsx, job);
  assert.equal(results, expected, stderr);
  assert.is(code, 0);
});

test('under tsx (node --import tsx): a .ts job runs in all four modes', async () => {
  const { results, code, stderr } = await runPlainApp(build.withTsx, job, { tsx: true });
  assert.equal(results, expected, stderr);
  assert.is(code, 0);
});

test('plain node, no tsx: every mode fails with a ModuleLoadError saying to install tsx or use compiled JavaScript', async () => {
  const { results, code } = await runPlainApp(build.withoutTsx, job);
  for (const mode of ['sequential', 'concurrent', 'threaded', 'forked'] as const) {
    assert.match(
      String(results[mode].error),
      /^ModuleLoadError: Cannot load action `default` from file:.*report\.ts: Unknown file extension "\.ts".*TypeScript job modules need tsx: install it \(`npm install --save-dev tsx`\), or point `action\.module` at compiled JavaScript$/,
      mode,
    );
  }
  assert.is(code, 0);
});

test.run();
