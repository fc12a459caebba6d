// W9's pg-boss cells, on the same server as kronos, in a schema of their own. pg-boss is
// imported on use: the smoke run (CI) may not have benchmarks/node_modules.
import { fileURLToPath } from 'node:url';
import { latencyStats, round, sleep, timeLeft } from './common.mjs';
import { duplicates, forkAll, ms, sql, throughput, until } from './w9-procs.mjs';

const worker = fileURLToPath(new URL('./w9-boss-worker.mjs', import.meta.url));

async function boss(url, schema, extra = {}) {
  const PgBoss = (await import('pg-boss')).default;
  const b = new PgBoss({ connectionString: url, schema, schedule: false, supervise: false, ...extra });
  b.on('error', () => {});
  await b.start();
  return b;
}

/** `n` jobs due at one instant (startAfter T), worked by `procs` processes: its send + work path. */
export async function bossSendWork(url, { procs, n, batchSize }, out) {
  const schema = `w9_boss_${procs}_${batchSize}`;
  const db = await sql(url);
  await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  const b = await boss(url, schema);
  await b.createQueue('w9');
  const t = Math.ceil(((await db.now()) + 4000 + n * 0.1) / 1000) * 1000;
  const startAfter = new Date(t).toISOString();
  const seedStart = Date.now();
  for (let i = 0; i < n; i += 1000) await b.insert(Array.from({ length: Math.min(1000, n - i) }, (_, k) => ({ name: 'w9', data: { i: i + k }, startAfter })));
  out.seedPerSec = round(n / ((Date.now() - seedStart) / 1000), 0);
  await b.stop({ graceful: false, wait: true });
  const group = await forkAll(worker, procs, () => ({ url, schema, queues: ['w9'], batchSize }));
  const done = async () => Number((await db.query(`SELECT count(*)::int AS c FROM ${schema}.job WHERE name = 'w9' AND state = 'completed'`))[0].c) >= n;
  const finished = await until(done, Math.max(1000, timeLeft() - 8000));
  const per = await group.stop();
  const [r] = await db.query(`SELECT count(started_on)::int AS n, extract(epoch FROM min(started_on)) * 1000 AS first, extract(epoch FROM max(started_on)) * 1000 AS last,
    count(completed_on)::int AS done, extract(epoch FROM max(completed_on)) * 1000 AS last_done FROM ${schema}.job WHERE name = 'w9'`);
  Object.assign(out, { procs, n, batchSize, pollingIntervalSeconds: 0.5, finished, ...throughput(r, t, per) });
  await db.query(`DROP SCHEMA ${schema} CASCADE`);
  await db.close();
}

/**
 * `schedules` cron schedules `* * * * *` (a minute is pg-boss's finest grain), `procs`
 * processes running its cron monitor and send-it worker every second (its finest settings)
 * and `work` on every queue. One minute's firing is measured: started_on - the minute.
 */
export async function bossSchedule(url, { procs, schedules }, out) {
  const schema = `w9_boss_cron_${procs}`;
  const db = await sql(url);
  await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  const b = await boss(url, schema);
  const queues = Array.from({ length: schedules }, (_, i) => `w9-cron-${i}`);
  for (const q of queues) { await b.createQueue(q); await b.schedule(q, '* * * * *'); }
  await b.stop({ graceful: false, wait: true });
  const group = await forkAll(worker, procs, () => ({ url, schema, queues, batchSize: 1, cron: true }));
  // The first whole minute at least 5 s away, then until its jobs are done or the budget ends.
  const minute = Math.ceil(((await db.now()) + 5000) / 60_000) * 60_000;
  out.waitedForMinuteMs = Math.max(0, minute - (await db.now()));
  if (out.waitedForMinuteMs > timeLeft() - 20_000) throw new Error('not enough budget left to wait for the next minute');
  await sleep(out.waitedForMinuteMs);
  const stamp = new Date(minute).toISOString();
  const started = async () => Number((await db.query(`SELECT count(started_on)::int AS c FROM ${schema}.job WHERE name LIKE 'w9-cron-%' AND created_on >= $1`, [stamp]))[0].c) >= schedules;
  const finished = await until(started, Math.max(1000, timeLeft() - 8000));
  await sleep(2000); // a duplicate would show up about now
  const per = await group.stop();
  const rows = await db.query(`SELECT name, extract(epoch FROM started_on) * 1000 AS s, extract(epoch FROM created_on) * 1000 AS c FROM ${schema}.job
    WHERE name LIKE 'w9-cron-%' AND created_on >= $1`, [stamp]);
  const perQueue = new Map();
  for (const row of rows) perQueue.set(row.name, (perQueue.get(row.name) ?? 0) + 1);
  Object.assign(out, {
    procs, schedules, cron: '* * * * *', finished,
    lateness: latencyStats(rows.filter((x) => x.s !== null).map((x) => ms(x.s) - minute)),
    createdAfterMinute: latencyStats(rows.map((x) => ms(x.c) - minute)),
    jobs: rows.length,
    duplicates: [...perQueue.values()].reduce((a, c) => a + c - 1, 0) + duplicates(per.map((p) => p?.runs)),
    errors: per.reduce((a, p) => a + (p?.errors ?? 0), 0),
  });
  await db.query(`DROP SCHEMA ${schema} CASCADE`);
  await db.close();
}
