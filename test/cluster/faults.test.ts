/**
 * Faults under running scheduler processes (issue 12, item 11): their claiming connections
 * terminated (pg_terminate_backend) while they work, then every connection at once, and the
 * server restarted (pg_ctl restart). No process may crash; all reconnect (LISTEN included);
 * no slot runs twice; after recovery no slot is lost. Slots due while the server was down
 * are caught up per the default catchUp ('once': the latest; the others reported as `missed`),
 * and every slot left without a run while the faults went on was reported (`skip`, `missed`).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import pg from 'pg';
import { PostgresStore } from '../../lib/store/postgres/postgres-store.js';
import { skipPostgres, startPostgres } from '../helpers/postgres.js';
import type { TestPostgres } from '../helpers/postgres.js';
import { Cluster, dbNow, sleep, withClient } from './cluster.js';
import { analyse, caughtUp, duplicates, first, passedOver, readRuns } from './runs.js';
import type { RunRecord } from './runs.js';

const PROCESSES = 3;
const SCHEDULES = 30;
const LEASE_MS = 1500;
const SETTLE_MS = 2000;
/** After recovery (nothing overdue, no lease run out), slots are watched this long. */
const AFTER_MS = 5000;
const MARGIN_MS = 1000;
const names = Array.from({ length: SCHEDULES }, (_, i) => `s${String(i).padStart(3, '0')}`);

const test = suite<{ server: TestPostgres | null; cluster: Cluster | null }>('cluster: faults', { server: null, cluster: null });

test.before(async (context) => {
  if (!skipPostgres) context.server = await startPostgres();
});
test.after.each((context) => {
  context.cluster?.killAll();
  context.cluster = null;
});
test.after(async (context) => {
  await context.server?.stop();
});

async function startCluster(server: TestPostgres, schema: string): Promise<Cluster> {
  const store = new PostgresStore({ connectionString: server.url }, { schema });
  await store.migrate();
  await store.close();
  const cluster = new Cluster({ url: server.url, schema, schedules: SCHEDULES, leaseMs: LEASE_MS });
  await Promise.all(Array.from({ length: PROCESSES }, (_, seat) => cluster.spawn(seat)));
  return cluster;
}

/** The LISTEN connections open now (each process keeps one). */
const listeners = (url: string, schema: string): Promise<number> => withClient(url, async (c) => Number((await c.query(
  `SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'client backend' AND query = $1`, [`LISTEN kronos_${schema}`])).rows[0].n));

async function waitForListeners(url: string, schema: string, want: number): Promise<number> {
  let n = 0;
  for (let i = 0; i < 50 && (n = await listeners(url, schema)) < want; i++) await sleep(200);
  return n;
}

/**
 * After a fault: waits for the cluster to catch up (failed wakes back off, 500 ms doubling;
 * lost runs wait out their lease), lets it run on, stops it, and reads what it did.
 * `to`: the end of the window in which every slot must have its run.
 */
async function recoverAndStop(server: TestPostgres, schema: string, cluster: Cluster) {
  await sleep(LEASE_MS);
  await caughtUp(server.url, schema);
  const recovered = await dbNow(server.url);
  await sleep(AFTER_MS + LEASE_MS + MARGIN_MS);
  const back = await waitForListeners(server.url, schema, PROCESSES);
  const to = (await dbNow(server.url)) - LEASE_MS - MARGIN_MS;
  await cluster.stopAll();
  assertNoCrash(cluster);
  return { recovered, back, to, dups: await duplicates(server.url, schema), runs: await readRuns(server.url, schema) };
}

/** What a schedule did around the restart, ms from `down`: for a failure to say why it had no run. */
function aroundRestart(name: string, runs: RunRecord[], cluster: Cluster, down: number, recovered: number): string {
  const near = runs.filter((r) => r.name === name && r.slot >= down - 4000 && r.slot <= recovered + 4000)
    .map((r) => `slot ${r.slot - down} ${r.kind} ${r.status} attempt ${r.attempt} [${r.attempts.map((a) => `${a.status} ${a.startedAt - down}..${a.finishedAt === null ? '' : a.finishedAt - down}`).join(', ')}]`);
  const said = cluster.started.flatMap((m) => m.stderr.split('\n').filter((line) => line.includes(name)).map((line) => `${m.slot}: ${line}`));
  return `${name}, ms from down (recovered at ${recovered - down}): runs ${JSON.stringify(near)}; stderr ${JSON.stringify(said.slice(-12))}`;
}

function assertNoCrash(cluster: Cluster): void {
  assert.equal(cluster.started.filter((m) => m.crashed).map((m) => `${m.slot}: ${JSON.stringify(m.crashed)} ${m.stderr}`), [], 'no process crashed');
}

test('claiming connections terminated while they work, then every connection: work resumes, no duplicate, no loss', async (context) => {
  if (!context.server) return;
  const server = context.server;
  const schema = 'term';
  const cluster = context.cluster = await startCluster(server, schema);
  assert.is(await waitForListeners(server.url, schema, PROCESSES), PROCESSES, 'each process listens');
  const from = (await dbNow(server.url)) + SETTLE_MS;
  await sleep(SETTLE_MS + 1000);

  // A tight loop on one connection: backends caught inside a claim or a recovery (FOR UPDATE SKIP LOCKED).
  const admin = new pg.Client({ connectionString: server.url, application_name: 'kronos-test-admin' });
  admin.on('error', () => {});
  await admin.connect();
  let inClaim = 0;
  try {
    // At least 4 s of cutting, and on until some claim was caught (claims are three short
    // statements now, so a 4 s hunt can miss them all on a fast machine), for at most 20 s.
    const start = Date.now();
    while (Date.now() < start + 4000 || (inClaim === 0 && Date.now() < start + 20_000)) {
      const { rows } = await admin.query(
        `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
         WHERE pid <> pg_backend_pid() AND backend_type = 'client backend' AND (state = 'idle in transaction' OR (state <> 'idle' AND query LIKE '%SKIP LOCKED%'))`);
      inClaim += Number(rows[0].n);
      await sleep(5);
    }
  } finally {
    await admin.end();
  }
  const all = await server.terminateBackends();
  const faultsEnd = await dbNow(server.url);
  const { recovered, back, to, dups, runs } = await recoverAndStop(server, schema, cluster);
  const during = analyse(runs, names, from, faultsEnd);
  const after = analyse(runs, names, recovered, to);
  console.log(`faults (terminate): claims cut=${inClaim} connections cut=${all} recovered ${recovered - faultsEnd} ms after, runs=${runs.length} retried=${after.retried} `
    + `duplicates=${dups.scheduled.length + dups.anyKind.length} slots after recovery=${after.slotsChecked} lost after=${after.missing.length} `
    + `missed during faults=${during.missing.length + during.skippedForLease.length}/${during.slotsChecked}`);
  const silent = [...during.missing, ...during.skippedForLease].filter((slot) => !passedOver(cluster.started.map((m) => m.stderr)).has(slot));
  assert.equal(first(silent), [], 'every slot without a run during the faults was reported (skip or missed)');
  assert.ok(inClaim > 0, 'some claims were cut');
  assert.ok(all >= PROCESSES, 'every process had connections to cut');
  assert.is(back, PROCESSES, 'every process listens again');
  assert.equal(dups.scheduled, [], 'no (schedule, slot) has two scheduled runs');
  assert.equal(dups.anyKind, [], 'no (schedule, slot) ran twice under different kinds');
  assert.equal(first(after.offGrid), [], 'slots on the grid');
  assert.equal(first(after.early), [], 'no run before its slot');
  assert.equal(first(after.unfinished), [], 'every run ended in success');
  assert.equal(first(after.badRetries), [], 'retries: lost attempts, then the one that ran');
  assert.equal(first(after.missing), [], 'after recovery every slot has its run');
});

test('server restarted mid-run: processes survive and reconnect, no duplicate, no loss after recovery', async (context) => {
  if (!context.server) return;
  const server = context.server;
  const schema = 'restart';
  const cluster = context.cluster = await startCluster(server, schema);
  assert.is(await waitForListeners(server.url, schema, PROCESSES), PROCESSES, 'each process listens');
  const from = (await dbNow(server.url)) + SETTLE_MS;
  await sleep(SETTLE_MS + 4000);
  const down = await dbNow(server.url);
  await server.restart();
  const up = await dbNow(server.url);
  const { recovered, back, to, dups, runs } = await recoverAndStop(server, schema, cluster);
  const before = analyse(runs, names, from, down - MARGIN_MS);
  const after = analyse(runs, names, recovered, to);
  const gap = new Map(names.map((n) => [n, runs.filter((r) => r.name === n && r.slot >= down && r.slot <= recovered).length]));
  // A schedule may run none of its slots across the restart only when maxInstances skipped
  // the last of them: a run of it taken just before the server went down (its end could not be
  // recorded) counts until its lease runs out, and so does that run's retry while it goes on.
  const skips = passedOver(cluster.started.map((m) => m.stderr), 'skip');
  const skippedLast = (name: string): boolean => {
    const anchor = runs.find((r) => r.name === name)?.slot;
    if (anchor === undefined) return false;
    const last = anchor + Math.floor((recovered - anchor) / 1000) * 1000;
    return last >= down && skips.has(`${name}@${new Date(last).toISOString()}`);
  };
  console.log(`faults (restart): down for ${up - down} ms, recovered ${recovered - up} ms after, runs=${runs.length} kinds=${JSON.stringify(after.byKind)} `
    + `duplicates=${dups.scheduled.length + dups.anyKind.length} lost before=${before.missing.length} lost after=${after.missing.length} `
    + `slots checked=${before.slotsChecked + after.slotsChecked}`);
  assert.is(back, PROCESSES, 'every process listens again');
  assert.equal(dups.scheduled, [], 'no (schedule, slot) has two scheduled runs');
  assert.equal(dups.anyKind, [], 'no (schedule, slot) ran twice under different kinds');
  assert.equal(first(before.missing), [], 'before the restart every slot has its run');
  assert.equal(first(after.missing), [], 'after recovery every slot has its run');
  const idle = [...gap].filter(([name, n]) => n === 0 && !skippedLast(name)).map(([name]) => name);
  assert.equal(first(idle), [], `each schedule ran across the restart (its slots or a catch-up)${idle.length ? `; ${aroundRestart(idle[0]!, runs, cluster, down, recovered)}` : ''}`);
  const across = analyse(runs, names, down - MARGIN_MS, recovered, ['scheduled', 'catchup']);
  const reported = passedOver(cluster.started.map((m) => m.stderr));
  const silent = [...across.missing, ...across.skippedForLease].filter((slot) => !reported.has(slot));
  assert.equal(first(silent), [], 'every slot without a run across the restart was reported (skip or missed)');
  assert.equal(first([...before.early, ...after.early]), [], 'no run before its slot');
  assert.equal(first([...before.unfinished, ...after.unfinished]), [], 'every run ended in success');
  assert.equal(first([...before.badRetries, ...after.badRetries]), [], 'retries: lost attempts, then the one that ran');
});

test.run();
