import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const fixture = fileURLToPath(new URL('../fixtures/unref-scheduler.ts', import.meta.url));

/** Resolves with the exit code, or 'alive' if the child still runs after `ms` (then kills it). */
function exitsWithin(mode: string, ms: number): Promise<number | 'alive'> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, mode], { stdio: 'ignore' });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve('alive');
    }, ms);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code ?? -1);
    });
  });
}

test('unref: true lets the process exit while the scheduler only waits', async () => {
  assert.is(await exitsWithin('unref', 8000), 0);
});

test('by default a started scheduler keeps the process alive', async () => {
  assert.is(await exitsWithin('ref', 2500), 'alive');
});

test.run();
