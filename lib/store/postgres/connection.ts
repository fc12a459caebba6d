/**
 * The one thing PostgresStore needs from a database: queries, transactions, LISTEN and close.
 * Two implementations share every SQL statement: `PgDb` here (a `pg.Pool`, any number of
 * processes) and `PgliteDb` in embedded.ts (one process, a data directory).
 *
 * Never crash on a dead connection: an unlistened `error` event on a pg Pool or Client throws
 * out of the event loop, so every pool and every client we hold gets a listener. A backend
 * killed by `pg_terminate_backend` or a server restart then only fails the call that was using
 * it; the pool opens a new connection for the next call, and the LISTEN client reconnects.
 */
import createDebug from 'debug';
import type { Pool, PoolClient } from 'pg';
import { MissingDependencyError } from '../../errors.js';
import { systemClock, unrefHandle } from '../../internal/clock.js';

const debug = createDebug('kronos:store:pg');

export type Row = Record<string, unknown>;

export interface Queryable {
  /** One statement with `$n` parameters. */
  query<R = Row>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  /** Several statements, no parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  /**
   * Runs `fn` in one transaction: committed when it resolves, rolled back when it throws.
   * `settings`: `SET LOCAL` statements for this transaction only, sent with its BEGIN.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>, settings?: string): Promise<T>;
  /** LISTENs on `channel` until the returned function is called. */
  listen(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export type PgSource = { connectionString: string } | { pool: Pool };

/** Delay before the LISTEN client's next reconnect attempt: 100 ms doubling to 5 s. */
const backoff = (attempt: number): number => Math.min(100 * 2 ** attempt, 5000);

export class PgDb implements Db {
  #pool: Pool | null = null;
  #opening: Promise<Pool> | null = null;
  readonly #owned: boolean;
  readonly #onPoolError = (error: Error): void => debug('idle connection lost: %s', error.message);

  constructor(private readonly source: PgSource) {
    this.#owned = !('pool' in source);
  }

  async query<R = Row>(sql: string, params?: readonly unknown[]): Promise<R[]> {
    const pool = await this.#open();
    const result = await pool.query(sql, params as unknown[] | undefined);
    return result.rows as R[];
  }

  async exec(sql: string): Promise<void> {
    await (await this.#open()).query(sql);
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>, settings?: string): Promise<T> {
    const client = await (await this.#open()).connect();
    let broken: Error | undefined;
    const onError = (error: Error): void => {
      broken = error;
      debug('connection lost in a transaction: %s', error.message);
    };
    client.on('error', onError);
    try {
      // One round trip: a simple-protocol query may hold several statements.
      await client.query(settings ? `BEGIN; ${settings}` : 'BEGIN');
      const result = await fn(clientQueryable(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackError) {
        broken ??= rollbackError as Error;
      }
      throw error;
    } finally {
      client.removeListener('error', onError);
      // Passing the error makes the pool destroy the client instead of reusing a dead one.
      client.release(broken);
    }
  }

  async listen(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>> {
    const listener = new PgListener(await this.#open(), channel, onMessage);
    await listener.start();
    return () => listener.stop();
  }

  async close(): Promise<void> {
    const pool = this.#pool ?? (this.#opening ? await this.#opening.catch(() => null) : null);
    this.#pool = null;
    this.#opening = null;
    if (!pool) return;
    if (this.#owned) await pool.end();
    else pool.removeListener('error', this.#onPoolError);
  }

  #open(): Promise<Pool> {
    if (this.#pool) return Promise.resolve(this.#pool);
    this.#opening ??= (async () => {
      let pool: Pool;
      if ('pool' in this.source) {
        pool = this.source.pool;
      } else {
        const pg = await importPg();
        pool = new pg.Pool({ connectionString: this.source.connectionString });
      }
      pool.on('error', this.#onPoolError);
      this.#pool = pool;
      return pool;
    })();
    return this.#opening;
  }
}

async function importPg(): Promise<typeof import('pg')> {
  try {
    const mod = (await import('pg')) as typeof import('pg') & { default?: typeof import('pg') };
    return mod.default ?? mod;
  } catch (error) {
    throw new MissingDependencyError('pg', 'PostgresStore', { cause: error });
  }
}

function clientQueryable(client: PoolClient): Queryable {
  return {
    query: async <R>(sql: string, params?: readonly unknown[]) => (await client.query(sql, params as unknown[] | undefined)).rows as R[],
    exec: async (sql: string) => void (await client.query(sql)),
  };
}

/**
 * One dedicated client for LISTEN, taken from the pool for as long as someone listens. When
 * its connection dies it is dropped, and a new one is connected (with back-off) and LISTENs
 * again; notifications sent meanwhile are lost, which polling covers.
 */
class PgListener {
  #client: PoolClient | null = null;
  /** The reconnect timer: real time on purpose (a real connection), on the system clock. */
  #timer: unknown = null;
  #stopped = false;
  #attempt = 0;
  readonly #dead = new WeakSet<PoolClient>();

  constructor(private readonly pool: Pool, private readonly channel: string, private readonly onMessage: (payload: string) => void) {}

  /** Connects and LISTENs; rejects (and retries nothing) when that fails. */
  async start(): Promise<void> {
    const client = await this.pool.connect();
    client.on('error', (error: Error) => this.#lost(client, error));
    client.on('notification', (message) => {
      if (message.channel === this.channel) this.onMessage(message.payload ?? '');
    });
    try {
      await client.query(`LISTEN ${this.channel}`);
    } catch (error) {
      this.#drop(client, error as Error);
      throw error;
    }
    if (this.#stopped || this.#dead.has(client)) {
      this.#drop(client);
      return;
    }
    this.#client = client;
    this.#attempt = 0;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer !== null) systemClock.clearTimeout(this.#timer);
    const client = this.#client;
    this.#client = null;
    if (!client) return;
    try {
      await client.query(`UNLISTEN ${this.channel}`);
      this.#drop(client);
    } catch (error) {
      this.#drop(client, error as Error);
    }
  }

  /** The live client's connection died (pg may emit `error` more than once: the first counts). */
  #lost(client: PoolClient, error: Error): void {
    debug('LISTEN connection lost: %s', error.message);
    const current = this.#client === client;
    this.#drop(client, error);
    if (current) {
      this.#client = null;
      this.#reconnect();
    }
  }

  /** Gives the client back once; with an error the pool destroys it. */
  #drop(client: PoolClient, error?: Error): void {
    if (this.#dead.has(client)) return;
    this.#dead.add(client);
    client.release(error);
  }

  #reconnect(): void {
    if (this.#stopped || this.#timer !== null) return;
    this.#timer = systemClock.setTimeout(() => {
      this.#timer = null;
      if (this.#stopped) return;
      this.#attempt += 1;
      this.start().catch((error: Error) => {
        debug('LISTEN reconnect failed: %s', error.message);
        this.#reconnect();
      });
    }, backoff(this.#attempt));
    unrefHandle(this.#timer);
  }
}
