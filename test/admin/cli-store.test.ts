import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, jobDir, kronos, startRun } from './cli-helpers.js';

const test = suite('kronos CLI on an embedded data dir (direct access, the lock) and `npm start`');

test('a data dir held by `kronos run` is refused with the holder named (exit 1); once stopped, managed directly', async () => {
  const { dir, file } = jobDir();
  const dataDir = join(dir, 'data');
  const run = await startRun([file, '--data-dir', dataDir]);
  const locked = await kronos(['list', '--data-dir', dataDir]);
  run.child.kill('SIGINT');
  assert.is(await run.exited, 0);
  assert.is(locked.code, 1);
  assert.match(locked.stderr, `The data directory is in use by process ${run.child.pid}`);
  assert.match(locked.stderr, '--url http://127.0.0.1:PORT');
  const list = await kronos(['list', '--data-dir', dataDir, '--json']);
  assert.is(list.code, 0);
  assert.equal((JSON.parse(list.stdout).jobs as Array<{ name: string; source: string }>).map((j) => [j.name, j.source]), [['nightly', 'file'], ['tick', 'file']]);
  assert.is((await kronos(['disable', 'nightly', '--data-dir', dataDir])).stdout, 'nightly: paused\n');
  assert.is((await kronos(['show', 'nope', '--data-dir', dataDir])).code, 3);
  assert.equal(JSON.parse((await kronos(['orphans', '--data-dir', dataDir, '--json'])).stdout), { orphans: [] });
  const migrate = await kronos(['migrate', '--data-dir', dataDir]);
  assert.is(migrate.code, 0);
  assert.match(migrate.stdout, /^Schema up to date \(version \d+\)\n$/);
  const missing = await kronos(['list', '--data-dir', join(dir, 'none')]);
  assert.is(missing.code, 1);
  assert.match(missing.stderr, 'No data directory at');
});

test('npm start prints the dashboard URL with a token; SIGINT to its process group ends it with 0 and leaves no process', async () => {
  const child = spawn('npm', ['start'], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      if (/running; Ctrl-C stops/.test(out)) resolve();
    });
    child.stderr.on('data', (d) => (out += d));
    void exited.then(() => reject(new Error(`npm start ended early:\n${out}`)));
  });
  assert.match(out, /kronos: dashboard http:\/\/127\.0\.0\.1:7070\/#token=[\w-]{32}\n/);
  process.kill(-child.pid!, 'SIGINT');
  assert.is(await exited, 0);
  let alive = true;
  try {
    process.kill(-child.pid!, 0);
  } catch {
    alive = false;
  }
  assert.not.ok(alive, 'no process of the group is left');
});

test.run();
