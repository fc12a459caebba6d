// W9 durable store: kronos over PostgreSQL (one local server started by run.mjs, fsync=off,
// URL in BENCH_PG_URL), its embedded store (PGlite), and pg-boss 10 on the same server.
// Each cell gets its own schema. Cases (params.case):
//   claims    `n` SingleTasks all due at one instant T, `procs` scheduler processes: how fast the
//             slots are claimed (runs.started_at) and completed (runs.finished_at), database time
//   lateness  `schedules` IntervalTasks every `interval` ms on `procs` processes for `seconds`:
//             started_at - slot (database time), lost slots, duplicate runs seen by the handlers
//   send-work pg-boss: `n` jobs inserted with startAfter T, `procs` processes `work` them
//   schedule  pg-boss: `schedules` cron schedules every minute (its finest grain), `procs`
//             processes; lateness of one minute's jobs: started_on - the minute
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { loadKronos } from '../lib/adapters.mjs';
import { SMOKE, latencyStats, round, runChild, sleep, timeLeft } from '../lib/common.mjs';
import { bossSchedule, bossSendWork } from '../lib/w9-boss.mjs';
import { duplicates, forkAll, ms, sql, tempDir, throughput, until } from '../lib/w9-procs.mjs';

const lib = (name) => fileURLToPath(new URL(`../lib/${name}`, import.meta.url));
const URL_ = process.env.BENCH_PG_URL;

/** Declares `n` SingleTasks at `at` through a producer-only scheduler (10 upserts in flight: the pool's size); returns declarations/s. */
async function seedSingles(store, n, at) {
  const { Scheduler, silentLogger } = await loadKronos();
  const producer = new Scheduler({ store, execute: false, logger: silentLogger }).define('w9-noop', () => {});
  let next = 0;
  const began = Date.now();
  await Promise.all(Array.from({ length: 10 }, async () => {
    while (next < n) { const i = next++; await producer.addSingleTask({ name: `w9-${i}`, action: 'w9-noop', at }); }
  }));
  return round(n / ((Date.now() - began) / 1000), 0);
}

/**
 * Declaring 20k schedules through the API is a start-up cost, not what W9 measures (and takes
 * minutes on a loaded 2-core machine): `declared` are declared through the API (their rate is
 * reported), the rest are copies of `w9-0`'s row under new names, next slot shifted by
 * `spreadMs * i / total` (the columns the API writes; a schedule's name is not in its options).
 */
async function cloneRows(db, schema, declared, total, spreadMs = 0) {
  await db.query(`INSERT INTO ${schema}.schedules (name, type, options, action, args, kw, queue, source, next_run_at, state)
    SELECT 'w9-' || g, type, options, action, args, kw, queue, source, next_run_at + make_interval(secs => ($3::float8 * g / $2) / 1000), state
    FROM ${schema}.schedules, generate_series($1::int, $2::int - 1) AS g WHERE name = 'w9-0'`, [declared, total, spreadMs]);
}

const DECLARED = SMOKE ? 20 : 200;

/** Due instant for the seeded slots: after the seeding and the processes' start-up. */
const dueAfter = (now, n) => Math.ceil((now + (SMOKE ? 1500 : 5000) + n * 10) / 1000) * 1000;

async function kronosClaims({ procs, n }, out) {
  const { PostgresStore } = await loadKronos();
  const schema = `w9_claims_${procs}`;
  const db = await sql(URL_);
  await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  const store = new PostgresStore({ connectionString: URL_ }, { schema });
  await store.migrate();
  const declared = Math.min(n, DECLARED);
  const t = dueAfter(await db.now(), declared);
  out.declaredPerSec = await seedSingles(store, declared, t);
  await store.close();
  await cloneRows(db, schema, declared, n);
  if ((await db.now()) > t - 1000) throw new Error(`seeding ${n} schedules ran past their due time; lower n`);
  const group = await forkAll(lib('w9-kronos-worker.mjs'), procs, () => ({ url: URL_, schema }));
  const finished = await until(async () => Number((await db.query(`SELECT count(finished_at)::int AS c FROM ${schema}.runs`))[0].c) >= n, Math.max(1000, timeLeft() - 8000));
  const per = await group.stop();
  const [r] = await db.query(`SELECT count(*)::int AS n, extract(epoch FROM min(started_at)) * 1000 AS first, extract(epoch FROM max(started_at)) * 1000 AS last,
    count(finished_at)::int AS done, extract(epoch FROM max(finished_at)) * 1000 AS last_done,
    count(DISTINCT instance_id)::int AS instances FROM ${schema}.runs`);
  if (r.n === 0) throw new Error(`no slot was claimed within the budget (${per.map((p) => p?.errors ?? 'died').join(', ')} errors per process)`);
  Object.assign(out, { procs, n, finished, instancesThatClaimed: r.instances, ...throughput(r, t, per) });
  await db.query(`DROP SCHEMA ${schema} CASCADE`);
  await db.close();
}

async function kronosLateness({ procs, schedules, interval, seconds }, out) {
  const schema = `w9_lateness_${procs}`;
  const db = await sql(URL_);
  await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  const { PostgresStore } = await loadKronos();
  const store = new PostgresStore({ connectionString: URL_ }, { schema });
  await store.migrate();
  // The first slots spread over one interval (as W4 does), from a few seconds on.
  const declare = { interval, initialDelay: SMOKE ? 1000 : 5000 };
  const { Scheduler, silentLogger } = await loadKronos();
  const producer = new Scheduler({ store, execute: false, logger: silentLogger }).define('w9-noop', () => {});
  await producer.addIntervalTask({ name: 'w9-0', action: 'w9-noop', processMethod: 'concurrent', ...declare });
  await store.close();
  await cloneRows(db, schema, 1, schedules, interval);
  const group = await forkAll(lib('w9-kronos-worker.mjs'), procs, () => ({ url: URL_, schema, declare }));
  const [{ first }] = await db.query(`SELECT extract(epoch FROM min(next_run_at)) * 1000 AS first FROM ${schema}.schedules`);
  const from = Math.max(ms(first) + 2 * interval, (await db.now()) + interval); // every schedule has started by then
  const to = from + seconds * 1000;
  await sleep(to - (await db.now()) + 1000);
  const per = await group.stop();
  const window = [new Date(from).toISOString(), new Date(to).toISOString()];
  const lateness = (await db.query(`SELECT extract(epoch FROM started_at - slot) * 1000 AS l FROM ${schema}.runs
    WHERE slot >= $1 AND slot < $2`, window)).map((x) => Number(x.l));
  const [k] = await db.query(`SELECT count(*) FILTER (WHERE kind = 'scheduled')::int AS scheduled, count(*) FILTER (WHERE kind = 'catchup')::int AS catchup,
    count(DISTINCT (schedule_id, slot))::int AS slots FROM ${schema}.runs WHERE slot >= $1 AND slot < $2`, window);
  const inWindow = (key) => { const slot = Number(key.slice(key.lastIndexOf('@') + 1)); return slot >= from && slot < to; };
  Object.assign(out, {
    procs, schedules, intervalMs: interval, seconds,
    lateness: latencyStats(lateness),
    expectedSlots: schedules * Math.round((seconds * 1000) / interval),
    slotsRun: k.slots, scheduledRuns: k.scheduled, catchupRuns: k.catchup,
    duplicates: duplicates(per.map((p) => p?.runs.filter(inWindow))),
    runsPerProcess: per.map((p) => p?.runs.filter(inWindow).length ?? null),
    errors: per.reduce((a, p) => a + (p?.errors ?? 0), 0),
  });
  await db.query(`DROP SCHEMA ${schema} CASCADE`);
  await db.close();
}

/** The embedded store: one process by nature, so the scheduler runs in this cell; times from its handler (PGlite's now() is this process's clock). */
async function embedded(params, out) {
  const { Scheduler, PostgresStore, currentRun, silentLogger } = await loadKronos();
  const store = PostgresStore.embedded(join(tempDir('kronos-w9-'), 'data'));
  const created = Date.now();
  await store.migrate();
  out.createMs = Date.now() - created;
  const starts = [];
  const seen = [];
  let completed = 0;
  const scheduler = new Scheduler({ store, logger: silentLogger }).define('w9-noop', () => {
    const run = currentRun();
    starts.push(Date.now(), run.scheduledAt.getTime());
    seen.push(`${run.name}@${run.scheduledAt.getTime()}`);
  });
  scheduler.on('success', () => completed++);
  if (params.case === 'claims') {
    const { n } = params;
    const t = Math.ceil((Date.now() + 3000 + n * 6) / 1000) * 1000;
    out.declaredPerSec = await seedSingles(store, n, t); // the embedded store's rows are not reachable from outside: all through the API
    if (Date.now() > t - 500) throw new Error(`declaring ${n} schedules ran past their due time; lower n`);
    scheduler.start();
    const finished = await until(() => completed >= n, Math.max(1000, timeLeft() - 5000));
    const lastDone = Date.now();
    await scheduler.stop({ timeout: 2000 });
    let first = Infinity, last = 0;
    for (let i = 0; i < starts.length; i += 2) { first = Math.min(first, starts[i]); last = Math.max(last, starts[i]); }
    const claimed = starts.length / 2;
    Object.assign(out, { procs: 1, n, finished, claimed, completed, claimsPerSec: round(claimed / ((last - first) / 1000), 0), claimsPerSecFromDue: round(claimed / ((last - t) / 1000), 0), completedPerSecFromDue: round(completed / ((lastDone - t) / 1000), 0), firstClaimAfterDueMs: round(first - t, 1), duplicates: duplicates([seen]) });
  } else {
    const { schedules, interval, seconds } = params;
    for (let i = 0; i < schedules; i++) {
      await scheduler.addIntervalTask({ name: `w9-${i}`, action: 'w9-noop', interval, processMethod: 'concurrent', initialDelay: 1000 + Math.floor((i * interval) / schedules) });
    }
    scheduler.start();
    const from = Date.now() + 2 * interval;
    const to = from + seconds * 1000;
    await sleep(to - Date.now() + 1000);
    await scheduler.stop({ timeout: 2000 });
    const late = [];
    for (let i = 0; i < starts.length; i += 2) if (starts[i + 1] >= from && starts[i + 1] < to) late.push(starts[i] - starts[i + 1]);
    const keys = seen.filter((key) => { const s = Number(key.slice(key.lastIndexOf('@') + 1)); return s >= from && s < to; });
    Object.assign(out, { procs: 1, schedules, intervalMs: interval, seconds, lateness: latencyStats(late), expectedSlots: schedules * Math.round((seconds * 1000) / interval), slotsRun: new Set(keys).size, duplicates: duplicates([keys]) });
  }
  await store.close();
}

runChild('w9', async (name, params, out) => {
  if (!URL_ && name !== 'kronos-embedded') throw new Error('BENCH_PG_URL is not set (run.mjs starts the server)');
  out.case = params.case;
  out.loadAverage = round(loadavg()[0], 2); // the machine is shared: say how busy it was
  if (name === 'kronos') return params.case === 'claims' ? kronosClaims(params, out) : kronosLateness(params, out);
  if (name === 'kronos-embedded') return embedded(params, out);
  if (name === 'pg-boss') return params.case === 'send-work' ? bossSendWork(URL_, params, out) : bossSchedule(URL_, params, out);
  throw new Error(`W9 has no library ${name}`);
});
