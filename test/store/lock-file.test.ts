/**
 * The embedded store's lock file: O_EXCL with the holder's pid, replaced only when that pid is
 * dead, never taken from a live process, and safe when several processes replace the same
 * stale lock at once.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { StoreLockedError } from '../../lib/errors.js';
import { acquireLock, releaseLock } from '../../lib/store/postgres/lock-file.js';

const test = suite<{ dir: string; lock: string }>('lock file', { dir: '', lock: '' });
test.before.each((context) => {
  context.dir = mkdtempSync(join(tmpdir(), 'kronos-lock-'));
  context.lock = join(context.dir, 'data.lock');
});
test.after.each((context) => {
  rmSync(context.dir, { recursive: true, force: true });
});

/** The pid of a process that has exited (and so is dead). */
function deadPid(): number {
  const result = spawnSync(process.execPath, ['-e', '0']);
  return result.pid!;
}

const holder = (path: string): string => readFileSync(path, 'utf8').trim();
const lockedBy = (pid: number | null, path: string) => (e: unknown) => e instanceof StoreLockedError && e.pid === pid && e.lockPath === path;

test('takes a free lock, writing this pid; releases it', ({ lock }) => {
  acquireLock(lock);
  assert.is(holder(lock), String(process.pid));
  releaseLock(lock);
  assert.not.ok(existsSync(lock));
});

test("never takes a live process's lock, and names it", ({ lock }) => {
  writeFileSync(lock, `${process.ppid}\n`);
  assert.throws(() => acquireLock(lock), lockedBy(process.ppid, lock));
  assert.is(holder(lock), String(process.ppid));
});

test("replaces a dead process's lock", ({ lock }) => {
  const pid = deadPid();
  writeFileSync(lock, `${pid}\n`);
  acquireLock(lock);
  assert.is(holder(lock), String(process.pid));
  releaseLock(lock);
});

test('release leaves a lock that is not ours', ({ lock }) => {
  writeFileSync(lock, `${process.ppid}\n`);
  releaseLock(lock);
  assert.is(holder(lock), String(process.ppid));
});

test('a lock file without a pid is never taken (its holder may be writing it)', ({ lock }) => {
  writeFileSync(lock, '');
  assert.throws(() => acquireLock(lock), (e: unknown) => lockedBy(null, lock)(e) && /names no process/.test((e as Error).message));
  assert.is(holder(lock), '');
});

test('a replacement guard left by a dead process does not block replacing a stale lock', ({ lock }) => {
  writeFileSync(lock, `${deadPid()}\n`);
  writeFileSync(`${lock}.replacing`, `${deadPid()}\n`);
  acquireLock(lock);
  assert.is(holder(lock), String(process.pid));
  assert.not.ok(existsSync(`${lock}.replacing`));
  releaseLock(lock);
});

test('4 processes replacing the same stale lock at once: one wins, the others name it', async ({ lock }) => {
  writeFileSync(lock, `${deadPid()}\n`);
  const fixture = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'lock-race.ts');
  const children = [1, 2, 3, 4].map(() => {
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, lock], { stdio: ['pipe', 'pipe', 'inherit'] });
    const lines: string[] = [];
    let buffer = '';
    const waiters: Array<() => void> = [];
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      let newline;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        lines.push(buffer.slice(0, newline));
        buffer = buffer.slice(newline + 1);
        for (const wake of waiters.splice(0)) wake();
      }
    });
    const line = async (n: number): Promise<string> => {
      while (lines.length <= n) await new Promise<void>((resolve) => waiters.push(resolve));
      return lines[n]!;
    };
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    return { child, line, exited };
  });
  try {
    await Promise.all(children.map((c) => c.line(0)));
    for (const c of children) c.child.stdin.write('go\n');
    const answers = await Promise.all(children.map(async (c) => JSON.parse(await c.line(1)) as { won?: number; lost?: number }));
    const winners = answers.filter((a) => a.won !== undefined);
    assert.is(winners.length, 1, JSON.stringify(answers));
    const winner = winners[0]!.won!;
    assert.equal(answers.filter((a) => a.lost !== undefined).map((a) => a.lost), [winner, winner, winner]);
    assert.is(holder(lock), String(winner));
  } finally {
    for (const c of children) c.child.stdin.end();
    await Promise.all(children.map((c) => c.exited));
  }
  assert.not.ok(existsSync(lock), 'the winner released its lock');
});

test.run();
