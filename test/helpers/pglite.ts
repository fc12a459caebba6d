/**
 * Embedded stores for tests. Creating a PGlite data directory takes seconds and reopening one
 * well under one, so each test process prepares (creates and migrates) one directory on first
 * use and every test gets its own copy of it (fs.cpSync). Copies are removed on exit.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
