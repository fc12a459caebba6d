import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const test = suite('process exit after stop()');

test('after stop() the process exits on its own: the pools leave no open handle', async () => {
  const script = fileURLToPath(new URL('../fixtures/stop-exits.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  const code = await new Promise<number | string>((resolve) => {
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      resolve('did not exit within 10 s');
    }, 10_000);
    child.on('exit', (exitCode) => {
      clearTimeout(guard);
      resolve(exitCode ?? -1);
    });
  });
  assert.is(code, 0);
  assert.equal(JSON.parse(out), ['fork', 'long:RunAbortedError', 'thread']);
});

test.run();
