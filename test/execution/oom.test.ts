/**
 * Out of memory in a worker. Each case runs in its own child process whose stderr the test
 * captures: V8 prints a "FATAL ERROR: Reached heap limit" banner for a forked worker, which
 * must be asserted here rather than shown in a passing suite's output.
 */
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runChildJson } from '../child-json.js';

const test = suite('running out of memory in a worker');
const APP = fileURLToPath(new URL('../fixtures/workers/oom-app.ts', import.meta.url));

interface Crash {
  name: string;
  outOfMemory: boolean;
  exitCode: number | null;
  signal: string | null;
  message: string;
}

async function runOom(mode: 'threaded' | 'forked'): Promise<{ oom: Crash; good: { value: unknown }; stderr: string }> {
  const { value, stderr } = await runChildJson<{ oom: Crash; good: { value: unknown } }>(`oom-app ${mode}`, ['--import', 'tsx', APP, mode]);
  return { ...value, stderr };
}

for (const mode of ['threaded', 'forked'] as const) {
  test(`${mode}: running out of memory is a WorkerCrashError; the next run still goes`, async () => {
    const { oom, good, stderr } = await runOom(mode);
    assert.is(oom.name, 'WorkerCrashError');
    assert.match(oom.message, /task "oom" died/);
    if (mode === 'threaded') assert.ok(oom.outOfMemory);
    else {
      assert.ok(oom.signal !== null || (oom.exitCode ?? 0) !== 0, 'the child died of it');
      assert.match(stderr, /Reached heap limit/, 'V8 reported the out-of-memory (captured here, not printed)');
    }
    assert.equal(good, { value: 'hello again' });
  });
}

test.run();
