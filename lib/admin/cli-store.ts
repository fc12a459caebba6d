/**
 * Opening the store a command names: `--store postgres://…` (a PostgreSQL server) or
 * `--data-dir DIR` (embedded PGlite, locked by one process at a time), and the management
 * commands' direct access to it: the admin API served in this process, on loopback with a
 * fresh token, over a scheduler that never executes. Both paths thus share every route.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { StoreLockedError } from '../errors.js';
import { Scheduler } from '../scheduler/scheduler.js';
import { PostgresStore } from '../store/postgres/postgres-store.js';
import { silentLogger } from '../internal/logger.js';
import { httpApi } from './cli-client.js';
import type { Api } from './cli-client.js';
import { CliFailure, EXIT } from './cli-output.js';
import { serve } from './http.js';

export interface StoreChoice {
  store?: string;
  dataDir?: string;
}

/** A PostgresStore for the choice, or undefined for memory; a locked data dir is a CliFailure. */
export function openStore(choice: StoreChoice, { create = true } = {}): PostgresStore | undefined {
  if (choice.store !== undefined && choice.dataDir !== undefined) throw new CliFailure('Give either --store or --data-dir, not both', EXIT.usage);
  if (choice.store !== undefined) {
    if (!/^postgres(ql)?:\/\//.test(choice.store)) throw new CliFailure(`--store expects a connection string like postgres://user@host/db, got ${JSON.stringify(choice.store)}`, EXIT.usage);
    return new PostgresStore({ connectionString: choice.store });
  }
  if (choice.dataDir === undefined) return undefined;
  const dir = resolve(choice.dataDir);
  if (!create && !existsSync(dir)) throw new CliFailure(`No data directory at ${dir} (\`kronos run --data-dir ${choice.dataDir}\` or \`kronos migrate --data-dir ${choice.dataDir}\` creates it)`);
  // The lock file sits beside the directory, so its parent must exist (`.data/kronos`).
  if (create) mkdirSync(dirname(dir), { recursive: true });
  try {
    return PostgresStore.embedded(dir);
  } catch (error) {
    if (error instanceof StoreLockedError) {
      throw new CliFailure(`${error.message}. While \`kronos run\` holds it, manage it over HTTP instead: --url http://127.0.0.1:PORT with its token`);
    }
    throw error;
  }
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET']);

/** `host:port` of a connection string, never its user or password. */
function serverOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname || 'localhost'}:${parsed.port || '5432'}`;
  } catch {
    return 'the --store URL';
  }
}

/**
 * Runs a call on the store; a server that cannot be reached or that refuses the connection
 * (auth, a missing database: a SQLSTATE) is the operator's to fix, not a crash: one line, exit 1.
 */
export async function reaching<T>(choice: StoreChoice, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
    if (choice.store === undefined || typeof code !== 'string') throw error;
    if (NETWORK_CODES.has(code)) throw new CliFailure(`Cannot reach the PostgreSQL server at ${serverOf(choice.store)} (${code}); is it running, and is --store right?`);
    if (/^[0-9A-Z]{5}$/.test(code)) throw new CliFailure(`The PostgreSQL server at ${serverOf(choice.store)} refused: ${String(message)} (SQLSTATE ${code})`);
    throw error;
  }
}

/** The admin API over a store opened here (the commands' direct path). */
export async function directApi(choice: StoreChoice): Promise<Api> {
  const store = openStore(choice, { create: false })!;
  try {
    const { current, latest } = await reaching(choice, () => store.schemaVersion());
    if (current === 0) throw new CliFailure('The store has no kronos schema yet: run `kronos migrate` (or `kronos run`) with the same --store/--data-dir first');
    if (current < latest) throw new CliFailure(`The store's schema is version ${current}, this kronos needs ${latest}: run \`kronos migrate\` first`);
    const scheduler = new Scheduler({ store, execute: false, logger: silentLogger });
    const server = await serve(scheduler, { port: 0 });
    return httpApi(server.url, server.token, async () => {
      await server.close();
      await store.close();
    });
  } catch (error) {
    await store.close();
    throw error;
  }
}
