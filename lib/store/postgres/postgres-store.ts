/**
 * PostgresStore: durable schedules and runs in PostgreSQL, shared by any number of processes
 * on any number of hosts, with no leader (DESIGN §7). `PostgresStore.embedded(dir)` is the
 * same store over PGlite for a single process. The drivers (`pg`, `@electric-sql/pglite`) are
 * optional peer dependencies, imported on first use only.
 */
import type { Pool } from 'pg';
import { invalidType } from '../../errors.js';
import type {
  ClaimRequest, ClaimResult, InstanceInfo, PruneOptions, RecoverRequest, RecoverResult, RequestedRun, RequestRunOptions,
  RunEnd, RunOutcome, RunRow, ScheduleRow, ScheduleSpec, Store, StoreEvent, UpsertResult,
} from '../store.js';
import { claim, requestRun, txNow } from './claim.js';
import { PgDb } from './connection.js';
import type { Db, PgSource } from './connection.js';
import { PgliteDb } from './embedded.js';
import { instances, notify, registerInstance, removeInstance, Subscriptions, touchInstance } from './instances.js';
import { migrate, migrations, schemaVersion } from './migrate.js';
import { names } from './rows.js';
import type { Names } from './rows.js';
import { complete, completeMany, heartbeat, prune, recoverLost, runs } from './runs.js';
import { deleteSchedule, getSchedule, listSchedules, nextDueAt, setPaused, upsertSchedule } from './schedules.js';

export interface PostgresStoreOptions {
  /**
   * PostgreSQL schema holding the store's tables: a plain lower-case identifier. Several
   * independent schedulers can share a database under different schemas.
   * @default 'kronos'
   */
  schema?: string;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

function normalizeOptions(options: unknown): { schema: string } {
  if (options === undefined) return { schema: 'kronos' };
  if (options === null || typeof options !== 'object') throw invalidType('options', 'an object', options);
  const { schema = 'kronos' } = options as PostgresStoreOptions;
  if (typeof schema !== 'string' || !IDENTIFIER.test(schema) || schema.length > 50) {
    throw invalidType('schema', 'a plain lower-case SQL identifier (/^[a-z_][a-z0-9_]*$/, at most 50 characters)', schema);
  }
  return { schema };
}

function normalizeSource(source: unknown): PgSource {
  if (source === null || typeof source !== 'object') throw invalidType('connection', '`{ connectionString }` or `{ pool }`', source);
  const { connectionString, pool } = source as { connectionString?: unknown; pool?: unknown };
  if (pool !== undefined) {
    if (pool === null || typeof (pool as Pool).query !== 'function' || typeof (pool as Pool).connect !== 'function') {
      throw invalidType('pool', 'a pg Pool', pool);
    }
    return { pool: pool as Pool };
  }
  if (typeof connectionString !== 'string' || connectionString.length === 0) {
    throw invalidType('connectionString', 'a non-empty string (postgres://user@host:port/database)', connectionString);
  }
  return { connectionString };
}

export class PostgresStore implements Store {
  readonly durable = true;
  readonly schema: string;
  readonly #db: Db;
  readonly #t: Names;
  readonly #events: Subscriptions;
  #closed: Promise<void> | null = null;

  /** Connects lazily: nothing touches the network before the first call. */
  constructor(connection: { connectionString: string } | { pool: Pool }, options?: PostgresStoreOptions);
  /** @internal Used by `embedded()`. */
  constructor(connection: { connectionString: string } | { pool: Pool } | { db: Db }, options?: PostgresStoreOptions);
  constructor(connection: { connectionString: string } | { pool: Pool } | { db: Db }, options?: PostgresStoreOptions) {
    const { schema } = normalizeOptions(options);
    this.schema = schema;
    this.#db = connection !== null && typeof connection === 'object' && 'db' in connection ? connection.db : new PgDb(normalizeSource(connection));
    this.#t = names(schema);
    this.#events = new Subscriptions(this.#db, this.#t.channel);
  }

  /**
   * The same store over PGlite in `dataDir` (created if missing). Takes the lock file
   * `<dataDir>.lock` at once: throws StoreLockedError when a live process holds it.
   */
  static embedded(dataDir: string, options?: PostgresStoreOptions): PostgresStore {
    if (typeof dataDir !== 'string' || dataDir.length === 0) throw invalidType('dataDir', 'a directory path (string)', dataDir);
    normalizeOptions(options);
    return new PostgresStore({ db: new PgliteDb(dataDir) }, options);
  }

  migrate(): Promise<void> {
    return migrate(this.#db, this.schema).then(() => undefined);
  }

  /** The version of the schema in the database (0: never migrated) and the latest this code ships. */
  async schemaVersion(): Promise<{ current: number; latest: number }> {
    return { current: await schemaVersion(this.#db, this.schema), latest: Math.max(0, ...migrations().map((m) => m.version)) };
  }

  /** Idempotent. Closes the pool it created (a pool that was given stays open) or the embedded database. */
  close(): Promise<void> {
    this.#closed ??= (async () => {
      await this.#events.close().catch(() => undefined);
      await this.#db.close();
    })();
    return this.#closed;
  }

  now(): Promise<number> {
    return txNow(this.#db);
  }

  upsertSchedule(spec: ScheduleSpec, firstSlot: number | null): Promise<{ result: UpsertResult; schedule: ScheduleRow }> {
    return upsertSchedule(this.#db, this.#t, spec, firstSlot);
  }

  getSchedule(name: string): Promise<ScheduleRow | null> {
    return getSchedule(this.#db, this.#t, name);
  }

  listSchedules(queues?: readonly string[] | null): Promise<ScheduleRow[]> {
    return listSchedules(this.#db, this.#t, queues ?? null);
  }

  deleteSchedule(name: string): Promise<boolean> {
    return deleteSchedule(this.#db, this.#t, name);
  }

  setPaused(name: string | null, paused: boolean, resumeAt?: (schedule: ScheduleRow, now: number) => number | null): Promise<number> {
    return setPaused(this.#db, this.#t, name, paused, resumeAt);
  }

  nextDueAt(queues: readonly string[] | null): Promise<number | null> {
    return nextDueAt(this.#db, this.#t, queues);
  }

  claim(request: ClaimRequest): Promise<ClaimResult> {
    return claim(this.#db, this.#t, request);
  }

  requestRun(name: string, at: number, options?: RequestRunOptions): Promise<RequestedRun | null> {
    return requestRun(this.#db, this.#t, name, at, options);
  }

  heartbeat(held: ReadonlyArray<{ id: string; token: string }>, leaseMs: number): Promise<string[]> {
    return heartbeat(this.#db, this.#t, held, leaseMs);
  }

  complete(run: { id: string; token: string }, outcome: RunOutcome, nextRunAt?: number | null): Promise<boolean> {
    return complete(this.#db, this.#t, run, outcome, nextRunAt);
  }

  completeMany(ends: ReadonlyArray<RunEnd>): Promise<string[]> {
    return completeMany(this.#db, this.#t, ends);
  }

  recoverLost(request: RecoverRequest): Promise<RecoverResult> {
    return recoverLost(this.#db, this.#t, request);
  }

  runs(name: string, limit: number): Promise<RunRow[]> {
    return runs(this.#db, this.#t, name, limit);
  }

  prune(options: PruneOptions): Promise<number> {
    return prune(this.#db, this.#t, options);
  }

  registerInstance(info: InstanceInfo): Promise<void> {
    return registerInstance(this.#db, this.#t, info);
  }

  removeInstance(id: string): Promise<void> {
    return removeInstance(this.#db, this.#t, id);
  }

  instances(): Promise<InstanceInfo[]> {
    return instances(this.#db, this.#t);
  }

  touchInstance(id: string, expireAfterMs: number): Promise<boolean> {
    return touchInstance(this.#db, this.#t, id, expireAfterMs);
  }

  subscribe(listener: (event: StoreEvent) => void): Promise<() => Promise<void>> {
    return this.#events.subscribe(listener);
  }

  notify(event: StoreEvent): Promise<void> {
    return notify(this.#db, this.#t, event);
  }
}
