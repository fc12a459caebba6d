/**
 * Processes and the messages between them. Each process is an instance row with a random id
 * (hostname and pid are labels: several hosts can share a hostname); peers are woken through
 * NOTIFY on one channel per schema, with a StoreEvent as JSON payload.
 */
import createDebug from 'debug';
import type { InstanceInfo, StoreEvent } from '../store.js';
import { checkLease } from '../memory-rows.js';
import type { Db } from './connection.js';
import { json } from './rows.js';
import type { DbRow, Names } from './rows.js';

const debug = createDebug('kronos:store:pg');

export async function registerInstance(db: Db, t: Names, info: InstanceInfo): Promise<void> {
  await db.query(
    `INSERT INTO ${t.instances} (id, hostname, pid, queues, handlers, execute) VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6)
     ON CONFLICT (id) DO UPDATE SET hostname = EXCLUDED.hostname, pid = EXCLUDED.pid, queues = EXCLUDED.queues,
       handlers = EXCLUDED.handlers, execute = EXCLUDED.execute, seen_at = now()`,
    [info.id, info.hostname, info.pid, json(info.queues), json(info.handlers), info.execute]);
}

/** Deletes the row and tells peers in the same transaction (NOTIFY is sent at commit). */
export async function removeInstance(db: Db, t: Names, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(`DELETE FROM ${t.instances} WHERE id = $1`, [id]);
    await tx.query('SELECT pg_notify($1, $2)', [t.channel, json({ type: 'instance-left', id } satisfies StoreEvent)]);
  });
}

/**
 * Marks `id` seen and deletes the instances not seen for `expireAfterMs`, telling peers, in one
 * transaction. False when `id` has no row (a peer expired it): the caller registers again.
 */
export async function touchInstance(db: Db, t: Names, id: string, expireAfterMs: number): Promise<boolean> {
  checkLease(expireAfterMs, 'expireAfterMs');
  return db.transaction(async (tx) => {
    const seen = await tx.query(`UPDATE ${t.instances} SET seen_at = now() WHERE id = $1 RETURNING id`, [id]);
    const gone = await tx.query<{ id: string }>(
      `DELETE FROM ${t.instances} WHERE seen_at < now() - $2 * interval '1 millisecond' AND id <> $1 RETURNING id`, [id, expireAfterMs]);
    for (const row of gone) await tx.query('SELECT pg_notify($1, $2)', [t.channel, json({ type: 'instance-left', id: row.id } satisfies StoreEvent)]);
    return seen.length > 0;
  });
}

export async function instances(db: Db, t: Names): Promise<InstanceInfo[]> {
  const rows = await db.query<DbRow>(`SELECT id, hostname, pid, queues, handlers, execute FROM ${t.instances} ORDER BY id`);
  return rows.map((row) => ({
    id: row.id as string,
    hostname: row.hostname as string,
    pid: Number(row.pid),
    queues: (row.queues as string[] | null) ?? null,
    handlers: (row.handlers as string[] | null) ?? [],
    execute: row.execute as boolean,
  }));
}

export async function notify(db: Db, t: Names, event: StoreEvent): Promise<void> {
  await db.query('SELECT pg_notify($1, $2)', [t.channel, json(event)]);
}

/**
 * Fans one LISTEN out to every subscriber: the connection is opened for the first and closed
 * after the last. A payload that is not a StoreEvent (someone else NOTIFYing our channel) is
 * dropped; a listener that throws does not stop the others.
 */
export class Subscriptions {
  readonly #listeners = new Set<(event: StoreEvent) => void>();
  #unlisten: Promise<() => Promise<void>> | null = null;

  constructor(private readonly db: Db, private readonly channel: string) {}

  async subscribe(listener: (event: StoreEvent) => void): Promise<() => Promise<void>> {
    this.#listeners.add(listener);
    if (!this.#unlisten) {
      this.#unlisten = this.db.listen(this.channel, (payload) => this.#deliver(payload));
      this.#unlisten.catch(() => (this.#unlisten = null));
    }
    try {
      await this.#unlisten;
    } catch (error) {
      this.#listeners.delete(listener);
      throw error;
    }
    let done = false;
    return async () => {
      if (done) return;
      done = true;
      this.#listeners.delete(listener);
      if (this.#listeners.size > 0 || !this.#unlisten) return;
      const unlisten = this.#unlisten;
      this.#unlisten = null;
      await (await unlisten)();
    };
  }

  async close(): Promise<void> {
    this.#listeners.clear();
    const unlisten = this.#unlisten;
    this.#unlisten = null;
    if (unlisten) await (await unlisten.catch(() => async () => {}))();
  }

  #deliver(payload: string): void {
    let event: StoreEvent;
    try {
      event = JSON.parse(payload) as StoreEvent;
    } catch {
      debug('ignored a notification that is not JSON: %s', payload);
      return;
    }
    if (!event || typeof event !== 'object' || typeof event.type !== 'string') return;
    for (const listener of [...this.#listeners]) {
      try {
        listener(event);
      } catch (error) {
        debug('a store event listener threw: %s', (error as Error)?.message);
      }
    }
  }
}
