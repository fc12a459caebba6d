/**
 * Embedded stores for tests. Creating a PGlite data directory takes seconds and reopening one
 * about a second, so each test process prepares (creates and migrates) one directory on first
 * use and a test that needs its own directory gets a copy of it (fs.cpSync). Tests of the SQL
 * itself share one open directory instead, a schema per test (as the server suites do), via
 * `schemaStore()`. Copies are removed on exit.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from '../../lib/store/postgres/connection.js';
import { PgliteDb } from '../../lib/store/postgres/embedded.js';
import { PostgresStore } from '../../lib/store/postgres/postgres-store.js';

let root: string | null = null;
let template: Promise<string> | null = null;
let copies = 0;

/** How long the prepared directory took to create and migrate, once known. */
export const pgliteTimings: { createMs?: number } = {};

function workDir(): string {
  if (!root) {
    const dir = mkdtempSync(join(tmpdir(), 'kronos-pglite-'));
    root = dir;
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return root;
}

function prepared(): Promise<string> {
  template ??= (async () => {
    const began = Date.now();
    const dir = join(workDir(), 'template');
    const store = PostgresStore.embedded(dir);
    try {
      await store.migrate();
    } finally {
      await store.close();
    }
    pgliteTimings.createMs = Date.now() - began;
    return dir;
  })();
  return template;
}

/** A fresh data directory, already migrated for the default schema `kronos`. */
export async function freshDataDir(): Promise<string> {
  const source = await prepared();
  const dir = join(workDir(), `copy-${++copies}`);
  cpSync(source, dir, { recursive: true });
  return dir;
}

/** An embedded store over a fresh copy (schema `kronos`, migrated). */
export async function embeddedStore(): Promise<{ store: PostgresStore; dataDir: string; close(): Promise<void> }> {
  const dataDir = await freshDataDir();
  const store = PostgresStore.embedded(dataDir);
  return {
    store,
    dataDir,
    async close() {
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

let shared: Promise<PgliteDb> | null = null;
let schemas = 0;

/**
 * A store over the process's shared PGlite directory in a schema of its own (not migrated).
 * Closing it leaves the shared database open: `closeSharedPglite()` closes that (in `after`).
 */
export async function schemaStore(): Promise<{ store: PostgresStore; close(): Promise<void> }> {
  shared ??= freshDataDir().then((dir) => new PgliteDb(dir));
  const db = await shared;
  const keepOpen: Db = {
    query: (sql, params) => db.query(sql, params),
    exec: (sql) => db.exec(sql),
    transaction: (fn) => db.transaction(fn),
    listen: (channel, onMessage) => db.listen(channel, onMessage),
    close: async () => {},
  };
  const store = new PostgresStore({ db: keepOpen }, { schema: `e${++schemas}` });
  return { store, close: () => store.close() };
}

export async function closeSharedPglite(): Promise<void> {
  const db = shared;
  shared = null;
  if (db) await (await db).close();
}
