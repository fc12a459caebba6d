/**
 * The embedded connection: PGlite (PostgreSQL in WebAssembly) over a data directory, for one
 * process that wants durability with nothing to install. Same SQL as the server store.
 *
 * PGlite runs a single session: two raw `BEGIN`s from interleaved callers would silently share
 * one transaction, so every transaction goes through PGlite's `transaction()` API, which
 * queues the other callers until it ends.
 */
import type { PGlite } from '@electric-sql/pglite';
import { MissingDependencyError } from '../../errors.js';
import type { Db, Queryable, Row } from './connection.js';
import { acquireLock, releaseLock } from './lock-file.js';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export class PgliteDb implements Db {
  #db: Promise<PGlite> | null = null;
  #closed = false;
  readonly lockPath: string;

  /** Takes the directory's lock at once (throws StoreLockedError); opens PGlite on first use. */
  constructor(readonly dataDir: string) {
    this.lockPath = `${dataDir.replace(/[\\/]+$/, '')}.lock`;
    // The lock sits beside the data directory, so its parent must exist before PGlite makes the directory.
    mkdirSync(dirname(this.lockPath), { recursive: true });
    acquireLock(this.lockPath);
  }

  async query<R = Row>(sql: string, params?: readonly unknown[]): Promise<R[]> {
    const db = await this.#open();
    return (await db.query<R>(sql, params as unknown[] | undefined)).rows;
  }

  async exec(sql: string): Promise<void> {
    await (await this.#open()).exec(sql);
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>, settings?: string): Promise<T> {
    const db = await this.#open();
    return db.transaction(async (tx) => {
      if (settings) await tx.exec(settings);
      return fn({
        query: async <R>(sql: string, params?: readonly unknown[]) => (await tx.query<R>(sql, params as unknown[] | undefined)).rows,
        exec: async (sql: string) => void (await tx.exec(sql)),
      });
    });
  }

  async listen(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>> {
    const db = await this.#open();
    return db.listen(channel, onMessage);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      const db = await this.#db?.catch(() => null);
      if (db && !db.closed) await db.close();
    } finally {
      releaseLock(this.lockPath);
    }
  }

  #open(): Promise<PGlite> {
    if (this.#closed) return Promise.reject(new Error(`The embedded store at ${this.dataDir} is closed`));
    this.#db ??= (async () => {
      let mod: typeof import('@electric-sql/pglite');
      try {
        mod = await import('@electric-sql/pglite');
      } catch (error) {
        throw new MissingDependencyError('@electric-sql/pglite', 'PostgresStore.embedded', { cause: error });
      }
      return mod.PGlite.create(this.dataDir);
    })();
    return this.#db;
  }
}
