/**
 * PostgresStore against a real PostgreSQL server (one throwaway cluster for this file, a
 * schema per test): the store contract, the SQL cases, then what only many connections can show: concurrent
 * migrations and claims, NOTIFY between store instances, and connections cut under the store.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { PostgresStore } from '../../lib/store/postgres/postgres-store.js';
import type { ClaimedRun, StoreEvent } from '../../lib/store/store.js';
import { skipPostgres, startPostgres } from '../helpers/postgres.js';
import type { TestPostgres } from '../helpers/postgres.js';
import { storeContract } from './contract.js';
import { claimRequest, eventually, postgresCases, runDue, spec } from './postgres-cases.js';

let server: Promise<TestPostgres> | null = null;
const database = (): Promise<TestPostgres> => (server ??= startPostgres());
let schemas = 0;

if (!skipPostgres) {
  storeContract('PostgresStore (server)', async () => {
    const store = new PostgresStore({ connectionString: (await database()).url }, { schema: `t${++schemas}` });
    await store.migrate();
    return { store, close: () => store.close() };
  });
  postgresCases('PostgresStore (server)', async () => {
    const store = new PostgresStore({ connectionString: (await database()).url }, { schema: `t${++schemas}` });
    return { store, close: () => store.close() };
  });
}

const test = suite<{ stores: PostgresStore[] }>('PostgresStore (server): many connections', { stores: [] });
const open = async (context: { stores: PostgresStore[] }, schema: string): Promise<PostgresStore> => {
  const store = new PostgresStore({ connectionString: (await database()).url }, { schema });
  context.stores.push(store);
  return store;
};

test.before(async () => {
  if (!skipPostgres) await database();
});
test.after.each(async (context) => {
  for (const store of context.stores.splice(0)) await store.close();
});
test.after(async () => {
  if (server) await (await server).stop();
});

if (!skipPostgres) {
  test('upgrading a version 1 schema with runs in it: its rows read as before, and manual runs work', async (context) => {
    const schema = `up${++schemas}`;
    const client = new pg.Client({ connectionString: (await database()).url });
    await client.connect();
    try {
      const sql = readFileSync(new URL('../../lib/store/postgres/schema/001-init.sql', import.meta.url), 'utf8');
      await client.query(`CREATE SCHEMA ${schema}; SET search_path TO ${schema}; ${sql};
        CREATE TABLE migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());
        INSERT INTO migrations (version, name) VALUES (1, 'init');
        INSERT INTO schedules (name, type, options, action, args, next_run_at) VALUES ('job', 'interval', '{"interval":60000}', '"h"', '[]', now() + interval '1 hour'),
          ('urgent', 'interval', '{"interval":60000,"priority":-2.5}', '"h"', '[]', NULL), ('odd', 'interval', '{"interval":60000,"priority":"high"}', '"h"', '[]', NULL);
        INSERT INTO runs (schedule_id, slot, kind, status, token, instance_id, lease_until, started_at, attempts)
          SELECT id, now() - interval '1 minute', 'scheduled', 'running', 'tok', 'old', now() + interval '1 minute', now(), '[]' FROM schedules;
        SET search_path TO DEFAULT`);
    } finally {
      await client.end();
    }
    const store = await open(context, schema);
    assert.equal(await store.schemaVersion(), { current: 1, latest: 3 });
    await store.migrate();
    assert.equal(await store.schemaVersion(), { current: 3, latest: 3 });
    assert.equal((await store.runs('job', 10)).map((r) => [r.status, r.instanceId]), [['running', 'old']]);
    // Version 3's claim-order column, computed for the rows already there (not a number: 0).
    const check = new pg.Client({ connectionString: (await database()).url });
    await check.connect();
    try {
      const { rows } = await check.query(`SELECT name, priority FROM ${schema}.schedules ORDER BY name`);
      assert.equal(rows, [{ name: 'job', priority: 0 }, { name: 'odd', priority: 0 }, { name: 'urgent', priority: -2.5 }]);
    } finally {
      await check.end();
    }
    const now = await store.now();
    assert.ok(await store.requestRun('job', now));
    assert.equal((await store.runs('job', 10)).map((r) => r.status).sort(), ['pending', 'running']);
  });

  test('migrations from several pools at once: one applies, the others find it done', async (context) => {
    const schema = `m${++schemas}`;
    const stores = await Promise.all([1, 2, 3, 4].map(() => open(context, schema)));
    await Promise.all(stores.map((s) => s.migrate()));
    const client = new pg.Client({ connectionString: (await database()).url });
    await client.connect();
    try {
      const { rows } = await client.query(`SELECT version FROM ${schema}.migrations ORDER BY version`);
      assert.equal(rows, [{ version: 1 }, { version: 2 }, { version: 3 }]);
    } finally {
      await client.end();
    }
  });

  test('200 due schedules, 10 claimers on separate pools: every slot claimed exactly once', async (context) => {
    const schema = `c${++schemas}`;
    const stores = await Promise.all(Array.from({ length: 10 }, () => open(context, schema)));
    await stores[0]!.migrate();
    const now = await stores[0]!.now();
    for (let i = 0; i < 200; i++) await stores[0]!.upsertSchedule(spec(`s${i}`, { options: { interval: 60_000, maxInstances: 2 } }), now - 1000 + i);
    // Every schedule has one scheduled and one catch-up slot due: distinct kinds, both run.
    const plan = runDue();
    const both = (s: Parameters<typeof plan>[0]) => ({ ...plan(s), runs: [{ slot: s.nextRunAt!, kind: 'scheduled' as const }, { slot: s.nextRunAt! - 60_000, kind: 'catchup' as const }] });
    const claimed: ClaimedRun[] = [];
    let skipped = 0;
    await Promise.all(stores.map(async (store, n) => {
      for (;;) {
        const result = await store.claim(claimRequest(`i${n}`, both, { limit: 7 }));
        if (result.runs.length === 0) return;
        claimed.push(...result.runs);
        skipped += result.skipped.length;
      }
    }));
    const keys = claimed.map((r) => `${r.schedule.name}|${r.slot}|${r.kind}`);
    assert.is(new Set(keys).size, keys.length, 'a slot was claimed twice');
    assert.is(keys.length, 400);
    assert.is(skipped, 0);
    assert.is(new Set(claimed.map((r) => r.schedule.name)).size, 200);
    const client = new pg.Client({ connectionString: (await database()).url });
    await client.connect();
    try {
      const { rows } = await client.query(`SELECT count(*)::int AS n, count(DISTINCT (schedule_id, slot, kind))::int AS d FROM ${schema}.runs`);
      assert.equal(rows, [{ n: 400, d: 400 }]);
    } finally {
      await client.end();
    }
  });

  test('a new schedule declared by 5 processes at once is created once', async (context) => {
    const schema = `u${++schemas}`;
    const stores = await Promise.all([1, 2, 3, 4, 5].map(() => open(context, schema)));
    await stores[0]!.migrate();
    const results = await Promise.all(stores.map((s) => s.upsertSchedule(spec('same'), 1_000)));
    assert.equal(results.map((r) => r.result).sort(), ['created', 'unchanged', 'unchanged', 'unchanged', 'unchanged']);
  });

  test('NOTIFY reaches a second store instance; unsubscribing stops delivery', async (context) => {
    const schema = `n${++schemas}`;
    const a = await open(context, schema);
    const b = await open(context, schema);
    const other = await open(context, `n${++schemas}`);
    const seen: StoreEvent[] = [];
    const unsubscribe = await b.subscribe((event) => seen.push(event));
    await other.notify({ type: 'changed', name: 'elsewhere', nextRunAt: 1 });
    await a.notify({ type: 'changed', name: 'job', nextRunAt: 123 });
    await eventually(() => seen.length > 0, 5000, 'the notification');
    assert.equal(seen, [{ type: 'changed', name: 'job', nextRunAt: 123 }]);
    await unsubscribe();
    await a.notify({ type: 'run-requested', name: 'job' });
    await a.now();
    assert.is(seen.length, 1);
  });

  test('pg_terminate_backend on every connection: no crash, the next call works, LISTEN resumes', async (context) => {
    const schema = `k${++schemas}`;
    const a = await open(context, schema);
    const b = await open(context, schema);
    await a.migrate();
    const seen: StoreEvent[] = [];
    await a.subscribe((event) => seen.push(event));
    await Promise.all([a.now(), a.now(), a.listSchedules()]);
    const killed = await (await database()).terminateBackends();
    assert.ok(killed >= 2, `terminated ${killed} backends`);
    // The call that meets a dead connection may fail; the one after it must not.
    await a.now().catch(() => undefined);
    assert.type(await a.now(), 'number');
    await a.upsertSchedule(spec('after-kill'), 1);
    assert.is((await a.getSchedule('after-kill'))?.name, 'after-kill');
    await eventually(async () => {
      await b.notify({ type: 'run-requested', name: 'ping' });
      return seen.length > 0;
    }, 10_000, 'LISTEN to come back');
    assert.equal(seen[0], { type: 'run-requested', name: 'ping' });
  });

  test('a backend terminated inside a transaction: that call rejects, the connection is dropped, the next call works', async (context) => {
    const schema = `x${++schemas}`;
    const url = `${(await database()).url}?application_name=kronos-store-under-test`;
    const store = new PostgresStore({ connectionString: url }, { schema });
    context.stores.push(store);
    await store.migrate();
    await store.upsertSchedule(spec('held'), 1);
    // Another session holds the row, so the store's upsert waits inside its transaction.
    const holder = new pg.Client({ connectionString: (await database()).url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query(`UPDATE ${schema}.schedules SET runs = runs WHERE name = 'held'`);
      const pending = store.upsertSchedule(spec('held', { args: ['changed'] }), 2);
      const failed = pending.then(() => null, (error: unknown) => error);
      await eventually(async () => (await holder.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'kronos-store-under-test' AND wait_event_type = 'Lock'`)).rows[0].n === 1,
      5000, 'the upsert to wait for the row lock');
      assert.ok((await (await database()).terminateBackends('kronos-store-under-test')) >= 1);
      assert.instance(await failed, Error);
      await holder.query('COMMIT');
    } finally {
      await holder.end();
    }
    const result = await store.upsertSchedule(spec('held', { args: ['changed'] }), 2);
    assert.is(result.result, 'updated');
  });

  test('a server restart mid-use: the store reconnects, nothing crashes, LISTEN resumes', async (context) => {
    const schema = `r${++schemas}`;
    const a = await open(context, schema);
    const b = await open(context, schema);
    await a.migrate();
    const now = await a.now();
    await a.upsertSchedule(spec('kept'), now - 1);
    const seen: StoreEvent[] = [];
    await a.subscribe((event) => seen.push(event));
    await (await database()).restart();
    await a.now().catch(() => undefined);
    const [run] = (await a.claim(claimRequest('i1', runDue()))).runs;
    assert.is(run?.schedule.name, 'kept');
    await eventually(async () => {
      await b.notify({ type: 'run-requested', name: 'ping' }).catch(() => undefined);
      return seen.length > 0;
    }, 15_000, 'LISTEN after the restart');
  });

  test('options: schema and connection are checked, naming the option', () => {
    assert.throws(() => new PostgresStore({ connectionString: 'postgres://x' }, { schema: 'Bad-Name' }), (e: unknown) => e instanceof TypeError && /`schema`.*"Bad-Name"/.test(e.message));
    assert.throws(() => new PostgresStore({ connectionString: '' }), (e: unknown) => e instanceof TypeError && /`connectionString`/.test(e.message));
    assert.throws(() => new PostgresStore({ pool: {} as never }), (e: unknown) => e instanceof TypeError && /`pool`/.test(e.message));
    assert.throws(() => new PostgresStore(null as never), (e: unknown) => e instanceof TypeError && /`connection`/.test(e.message));
  });
}

test.run();
