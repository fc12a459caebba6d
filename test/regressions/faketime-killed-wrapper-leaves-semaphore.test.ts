/**
 * CI failed once with "worker 0 exited before it was ready: faketime: sem_open: File exists":
 * the chaos test SIGKILLs process groups, a killed faketime wrapper leaves its semaphore and
 * shared memory (named after its pid) in /dev/shm, and a later wrapper given the same pid
 * cannot start. The cluster now removes them when a clock-ahead member exits.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { removeFaketimeLeftovers, sleep } from '../cluster/cluster.js';

const test = suite('a SIGKILLed faketime wrapper leaves its semaphore behind');

test('left behind by a killed wrapper, removed by the cluster helper', async () => {
  assert.is(spawnSync('faketime', ['-f', '+1m', 'true']).status, 0, 'faketime is installed (.ci/run installs it)');
  const child = spawn('faketime', ['-f', '+10m', process.execPath, '-e', 'setTimeout(() => {}, 20000)'], { detached: true, stdio: 'ignore' });
  const pid = child.pid as number;
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const sem = `/dev/shm/sem.faketime_sem_${pid}`;
  const shm = `/dev/shm/faketime_shm_${pid}`;
  try {
    for (let i = 0; i < 200 && !existsSync(sem); i++) await sleep(10);
    assert.ok(existsSync(sem), 'the wrapper made its semaphore');
    process.kill(-pid, 'SIGKILL');
    await exited;
    assert.ok(existsSync(sem) && existsSync(shm), 'a SIGKILLed wrapper leaves both behind');
    removeFaketimeLeftovers(pid);
    assert.not.ok(existsSync(sem));
    assert.not.ok(existsSync(shm));
  } finally {
    if (child.exitCode === null && child.signalCode === null) process.kill(-pid, 'SIGKILL');
    removeFaketimeLeftovers(pid);
  }
});

test.run();
