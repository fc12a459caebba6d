// issue 10.8: the "never started" warning's timer is unref'd, so a plain script that adds
// tasks and forgets startScheduler() exited at once, silently, with nothing run. The warning
// must also appear when the process is about to exit with tasks that never started.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const script = fileURLToPath(new URL('./fixtures/never-started-script.ts', import.meta.url));

function run(mode: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, mode], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('the script did not exit within 20 s'));
    }, 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

test('a script that adds tasks and never starts the scheduler says so as it exits', async () => {
  const { code, stderr } = await run('forget');
  assert.is(code, 0);
  assert.is(stderr, '[kronos] 1 task(s) were added but the scheduler was never started; call startScheduler()\n');
});

test('no warning when the script starts the scheduler', async () => {
  const { code, stderr } = await run('start');
  assert.is(code, 0);
  assert.is(stderr, '');
});

test.run();
