// issue 9 "Done when": no test may leave a process behind. scripts/test.mjs checks `ps` after
// the runs; this pins the detection: an orphan naming a test fixture, and a descendant of the
// runner, are both found; unrelated processes (another checkout's tests) are not.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { leftovers, processTable } from '../../scripts/leftovers.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');

test('a leftover process is found by its command line, a descendant by its parent chain', () => {
  const table = [
    { pid: 10, ppid: 1, args: `node --import tsx ${root}/test/fixtures/stop-exits.ts` },
    { pid: 11, ppid: 1, args: `node ${root}/lib/execution/worker-entry.ts` },
    { pid: 20, ppid: 99, args: 'node a-helper.js' },
    { pid: 21, ppid: 20, args: 'sleep 100' },
    { pid: 30, ppid: 1, args: 'node /elsewhere/test/fixtures/stop-exits.ts' },
    { pid: 31, ppid: 1, args: 'bash' },
    { pid: 32, ppid: 99, args: 'ps -eo pid=,ppid=,args=' },
  ];
  assert.equal(leftovers(table, root, 99).map((p) => p.pid), [10, 11, 20, 21]);
});

test('the live process table is read and a real leftover child is found', async () => {
  const table = processTable();
  if (table === null) return; // no `ps` on this platform: the runner says so instead
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30_000)', `${root}/test/fixtures/marker`], { stdio: 'ignore' });
  try {
    await new Promise((resolve) => child.once('spawn', resolve));
    const found = leftovers(processTable() ?? [], root).map((p) => p.pid);
    assert.ok(found.includes(child.pid!), `pid ${child.pid} not found`);
  } finally {
    child.kill('SIGKILL');
  }
});

test.run();
