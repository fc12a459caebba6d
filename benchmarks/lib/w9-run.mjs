// W9 in run.mjs: starts one local PostgreSQL server (scripts/lib/postgres-cluster.mjs, the
// tests' helper: fsync=off, max_connections=200), runs the kronos, embedded and pg-boss cells
// against it one after another, and stops it. Without PostgreSQL binaries W9 is skipped,
// with the reason printed and recorded.
import { findPostgresBin, skipPostgres, startPostgres } from '../../scripts/lib/postgres-cluster.mjs';

const SIZES = {
  smoke: { procs: [2], n: 300, lateness: { procs: [2], schedules: 20, interval: 1000, seconds: 2 }, embedded: null, boss: { procs: [1], n: 300, batchSize: 100, cron: null } },
  full: { procs: [1, 4, 8], n: 20_000, lateness: { procs: [1, 4, 8], schedules: 1000, interval: 1000, seconds: 20 }, embedded: { n: 1000, lateness: { schedules: 1000, interval: 1000, seconds: 20 } }, boss: { procs: [1, 4, 8], n: 20_000, batchSize: 100, cron: { procs: [1, 4, 8], schedules: 100 } } },
};

export async function runW9({ smoke, child, record, withBoss, libs }) {
  const want = (lib) => !libs || libs.includes(lib);
  const S = smoke ? SIZES.smoke : SIZES.full;
  const file = 'w9-durable.mjs';
  const skip = (reason) => { console.log(`W9 durable: skipped: ${reason}`); record('w9', { lib: 'kronos', params: {}, status: 'n/a', reason }); };
  if (!want('kronos') && !want('pg-boss')) return embedded(S, file, child, record);
  if (skipPostgres) return skip('KRONOS_SKIP_PG=1');
  if (!findPostgresBin()) return skip('no PostgreSQL server binaries (initdb, pg_ctl) on PATH or in /usr/lib/postgresql/*/bin (`apt-get install postgresql`)');
  console.log('W9 durable: starting a local PostgreSQL server (fsync=off)');
  let server;
  try {
    server = await startPostgres();
  } catch (error) {
    return skip(`the PostgreSQL server did not start: ${String(error?.message ?? error).split('\n')[0]}`);
  }
  process.env.BENCH_PG_URL = server.url;
  const version = (await import('pg')).default;
  const client = new version.Client({ connectionString: server.url });
  await client.connect();
  const serverVersion = (await client.query('SHOW server_version')).rows[0].server_version;
  await client.end();
  const note = (r) => ({ ...r, server: `PostgreSQL ${serverVersion}, fsync=off` });
  try {
    if (want('kronos')) for (const procs of S.procs) { console.log(`W9 claims, kronos, ${procs} process(es)`); record('w9', note(await child(file, 'kronos', { case: 'claims', procs, n: S.n }, 90_000, 20_000))); }
    if (withBoss) for (const procs of S.boss.procs) { console.log(`W9 send + work, pg-boss, ${procs} process(es)`); record('w9', note(await child(file, 'pg-boss', { case: 'send-work', procs, n: S.boss.n, batchSize: S.boss.batchSize }, 90_000, 20_000))); }
    if (want('kronos')) {
      for (const procs of S.lateness.procs) { console.log(`W9 lateness, kronos, ${procs} process(es)`); record('w9', note(await child(file, 'kronos', { case: 'lateness', ...S.lateness, procs }, 90_000, 20_000))); }
    }
    if (withBoss && S.boss.cron) {
      for (const procs of S.boss.cron.procs) { console.log(`W9 schedule + work, pg-boss, ${procs} process(es) (cron every minute)`); record('w9', note(await child(file, 'pg-boss', { case: 'schedule', ...S.boss.cron, procs }, 120_000, 20_000))); }
    }
  } finally {
    await server.stop();
  }
  if (want('kronos-embedded')) await embedded(S, file, child, record);
}

async function embedded(S, file, child, record) {
  if (!S.embedded) {
    console.log('W9 embedded (PGlite): skipped in smoke runs (creating a data directory alone takes seconds; test/store and the examples test cover it)');
    return;
  }
  console.log('W9 embedded (PGlite)');
  record('w9', await child(file, 'kronos-embedded', { case: 'claims', n: S.embedded.n }, 150_000));
  if (S.embedded.lateness) record('w9', await child(file, 'kronos-embedded', { case: 'lateness', ...S.embedded.lateness }, 150_000));
}
