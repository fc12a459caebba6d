/**
 * PostgresStore.embedded: the store contract and the same SQL cases over PGlite (each test on a copy of one prepared
 * data directory), then what only the embedded store does: its data survives a reopen, and its
 * lock file keeps a second process (or a second open in this one) out while the first lives.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { StoreLockedError } from '../../lib/errors.js';
import { PostgresStore } from '../../lib/store/postgres/postgres-store.js';
import { closeSharedPglite, freshDataDir, schemaStore } from '../helpers/pglite.js';
import { storeContract } from './contract.js';
import { postgresCases, spec } from './postgres-cases.js';

// The contract and the SQL cases share one open PGlite directory, a schema per test; the suite below opens
// real directories of its own.
storeContract('PostgresStore.embedded (PGlite)', async () => {
  const opened = await schemaStore();
  await opened.store.migrate();
  return opened;
});
postgresCases('PostgresStore.embedded (PGlite)', schemaStore);

const child = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'open-embedded.ts');

/** Runs the fixture; resolves with its first JSON line, and the child (still running for 'hold'). */
function openInChild(dataDir: string, mode = ''): Promise<{ line: Record<string, unknown>; exited: Promise<number | null>; kill(): void }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', child, dataDir, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const exited = new Promise<number | null>((done) => proc.on('exit', (code) => done(code)));
    proc.stderr.on('data', (chunk) => (err += chunk));
    proc.stdout.on('data', (chunk) => {
      out += chunk;
      const newline = out.indexOf('\n');
      if (newline >= 0) resolve({ line: JSON.parse(out.slice(0, newline)), exited, kill: () => proc.kill('SIGKILL') });
    });
    proc.on('exit', (code) => {
      if (!out.includes('\n')) reject(new Error(`child exited with ${code} before answering: ${err}`));
    });
  });
}

const test = suite('PostgresStore.embedded: one process per data directory');
test.after(closeSharedPglite);

test('rows survive close and reopen', async () => {
  const dataDir = await freshDataDir();
  const first = PostgresStore.embedded(dataDir);
  await first.migrate();
  await first.upsertSchedule(spec('kept'), 42);
  await first.close();
  const second = PostgresStore.embedded(dataDir);
  try {
    assert.is((await second.getSchedule('kept'))?.nextRunAt, 42);
  } finally {
    await second.close();
  }
});

test('a second open in the same process gets StoreLockedError naming this pid and the lock path', async () => {
  const dataDir = await freshDataDir();
  const store = PostgresStore.embedded(dataDir);
  try {
    assert.throws(() => PostgresStore.embedded(dataDir), (e: unknown) =>
      e instanceof StoreLockedError && e.pid === process.pid && e.lockPath === `${dataDir}.lock`
      && e.message.includes(String(process.pid)) && e.message.includes(`${dataDir}.lock`));
  } finally {
    await store.close();
  }
  assert.not.ok(existsSync(`${dataDir}.lock`), 'close() removes the lock');
});

test('a second process gets StoreLockedError, and the first loses nothing', async () => {
  const dataDir = await freshDataDir();
  const store = PostgresStore.embedded(dataDir);
  try {
    await store.migrate();
    await store.upsertSchedule(spec('mine'), 7);
    const { line, exited } = await openInChild(dataDir, 'write');
    assert.equal(line.locked, { pid: process.pid, lockPath: `${dataDir}.lock`, message: (line.locked as { message: string }).message });
    assert.match((line.locked as { message: string }).message, String(process.pid));
    assert.is(await exited, 0);
    assert.equal((await store.listSchedules()).map((s) => [s.name, s.nextRunAt]), [['mine', 7]]);
    assert.is(readFileSync(`${dataDir}.lock`, 'utf8').trim(), String(process.pid));
  } finally {
    await store.close();
  }
});

test("a lock left by a killed process is replaced; a live holder's is not", async () => {
  const dataDir = await freshDataDir();
  const holder = await openInChild(dataDir, 'hold');
  const pid = holder.line.opened as number;
  assert.type(pid, 'number');
  try {
    assert.throws(() => PostgresStore.embedded(dataDir), (e: unknown) => e instanceof StoreLockedError && e.pid === pid);
  } finally {
    holder.kill();
    await holder.exited;
  }
  assert.is(readFileSync(`${dataDir}.lock`, 'utf8').trim(), String(pid), 'SIGKILL left the lock behind');
  const store = PostgresStore.embedded(dataDir);
  try {
    assert.is(readFileSync(`${dataDir}.lock`, 'utf8').trim(), String(process.pid));
    assert.equal(await store.listSchedules(), []);
  } finally {
    await store.close();
  }
});

test('options: dataDir and schema are checked, naming the option', () => {
  assert.throws(() => PostgresStore.embedded('' as string), (e: unknown) => e instanceof TypeError && /`dataDir`/.test(e.message));
  assert.throws(() => PostgresStore.embedded('/tmp/x', { schema: '1x' }), (e: unknown) => e instanceof TypeError && /`schema`/.test(e.message));
  assert.not.ok(existsSync('/tmp/x.lock'), 'a rejected option takes no lock');
});

test.run();
