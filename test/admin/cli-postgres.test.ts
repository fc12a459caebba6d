/**
 * The built `kronos` command (node bin/kronos.js, after `npm run build`) against a real
 * PostgreSQL server (a throwaway cluster, schema `kronos`): migrate, every management command
 * directly against the store, and `kronos run --store` running a job until SIGTERM/SIGINT.
 * KRONOS_SKIP_PG=1 skips it, as the other PostgreSQL suites.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../lib/internal/logger.js';
import { Scheduler } from '../../lib/scheduler/scheduler.js';
import { PostgresStore } from '../../lib/store/postgres/postgres-store.js';
import { skipPostgres, startPostgres } from '../helpers/postgres.js';
import type { TestPostgres } from '../helpers/postgres.js';
import { withClient } from '../../scripts/lib/postgres-cluster.mjs';
import { TOKEN, kronos as cli, startRun as start } from './cli-helpers.js';
import type { Running } from './cli-helpers.js';

const test = suite('kronos CLI (built) against a PostgreSQL server');
let pg: TestPostgres | undefined;
const running: Running[] = [];
const kronos = (args: string[], env: Record<string, string> = {}) => cli(args, env, { built: true });

async function server(): Promise<TestPostgres> {
  pg ??= await startPostgres();
  return pg;
}

test.after.each(async () => {
  for (const run of running.splice(0)) {
    if (run.child.exitCode === null) run.child.kill('SIGKILL');
    await run.exited;
  }
});
test.after(async () => {
  await pg?.stop();
});

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function poll<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const end = Date.now() + 15_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test('migrate --store: exit 0, the schema at the latest version; a second run changes nothing', async () => {
  const { url } = await server();
  const first = await kronos(['migrate', '--store', url]);
  assert.is(first.code, 0, first.stderr);
  const store = new PostgresStore({ connectionString: url });
  try {
    const { current, latest } = await store.schemaVersion();
    assert.is(current, latest);
    assert.is(first.stdout, `Schema migrated from version 0 to ${latest}\n`);
    const again = await kronos(['migrate', '--store', url]);
    assert.equal([again.code, again.stdout, again.stderr], [0, `Schema up to date (version ${latest})\n`, '']);
    const json = await kronos(['migrate', '--store', url, '--json']);
    assert.equal(JSON.parse(json.stdout), { from: latest, to: latest, latest });
    assert.equal(await store.schemaVersion(), { current: latest, latest });
  } finally {
    await store.close();
  }
});

test('list, show, next, disable, enable, run-now, orphans, delete --store --json: directly against the store', async () => {
  const { url } = await server();
  const store = new PostgresStore({ connectionString: url });
  const declaring = new Scheduler({ store, execute: false, logger: silentLogger });
  declaring.define('noop', () => {});
  await store.migrate();
  await declaring.addIntervalTask({ name: 'hourly', action: 'noop', interval: 3_600_000, maxRuns: 50 });
  await declaring.addCronTask({ name: 'nightly', action: 'noop', cron: '30 2 * * *', timeZone: 'UTC' });
  await declaring.stop();
  await store.close();
  const at = ['--store', url, '--json'];

  const list = await kronos(['list', ...at]);
  assert.is(list.code, 0, list.stderr);
  assert.equal((JSON.parse(list.stdout).jobs as Array<{ name: string; type: string; source: string; state: string }>).map((j) => [j.name, j.type, j.source, j.state]),
    [['hourly', 'interval', 'api', 'scheduled'], ['nightly', 'cron', 'api', 'scheduled']]);
  const table = await kronos(['list', '--store', url]);
  assert.match(table.stdout, /^NAME\s+TYPE/);

  const show = JSON.parse((await kronos(['show', 'hourly', ...at])).stdout).job;
  assert.equal([show.name, show.schedule, show.definition], ['hourly', 'every 1 h', { type: 'interval', action: 'noop', args: [], queue: 'default', options: { interval: 3_600_000, maxRuns: 50 } }]);
  const next = JSON.parse((await kronos(['next', 'nightly', '-n', '3', ...at])).stdout);
  assert.is(next.name, 'nightly');
  assert.is(next.nextRuns.length, 3);
  for (const iso of next.nextRuns as string[]) assert.match(iso, /T02:30:00\.000Z$/);
  assert.is(Date.parse(next.nextRuns[1]) - Date.parse(next.nextRuns[0]), 86_400_000);

  assert.is(JSON.parse((await kronos(['disable', 'hourly', ...at])).stdout).job.state, 'paused');
  assert.is(JSON.parse((await kronos(['enable', 'hourly', ...at])).stdout).job.state, 'scheduled');
  const runNow = JSON.parse((await kronos(['run-now', 'nightly', '--delay', '5m', ...at])).stdout);
  assert.equal([runNow.name, runNow.kind], ['nightly', 'manual']);
  // No live process defines `noop` (the declaring one stopped): both are orphans.
  assert.equal(JSON.parse((await kronos(['orphans', ...at])).stdout).orphans.map((o: { name: string }) => o.name), ['hourly', 'nightly']);

  const missing = await kronos(['show', 'nope', ...at]);
  assert.equal([missing.code, missing.stderr], [3, 'kronos: No job named "nope"\n']);
  assert.is((await kronos(['run-now', 'nope', ...at])).code, 3);
  assert.equal(JSON.parse((await kronos(['delete', 'hourly', ...at])).stdout), { deleted: 'hourly' });
  assert.is((await kronos(['delete', 'hourly', ...at])).code, 3);
  assert.equal(JSON.parse((await kronos(['orphans', '--delete', ...at])).stdout), { deleted: ['nightly'] });
  assert.equal(JSON.parse((await kronos(['list', ...at])).stdout), { jobs: [] });
});

function beatFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kronos-cli-pg-'));
  writeFileSync(join(dir, 'tasks.mjs'), 'export function beat() {}\n');
  const file = join(dir, 'jobs.yaml');
  writeFileSync(file, 'jobs:\n  beat: { type: interval, interval: 200ms, module: ./tasks.mjs, export: beat }\n');
  return file;
}

test('run --store --http: the job runs (runs table and GET /api/jobs/:name); SIGTERM, then SIGINT, end it with 0 and no process left', async () => {
  const { url } = await server();
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    const run = await start([beatFile(), '--store', url, '--http', '--port', '0'], { KRONOS_TOKEN: TOKEN }, { built: true });
    running.push(run);
    assert.match(run.output(), /kronos: 1 jobs from .* on PostgreSQL\n/);
    type Details = { source: string; history: Array<{ status: string }> };
    const job = await poll(async () => ((await (await fetch(`${run.url}/api/jobs/beat`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as { job: Details }).job,
      (j) => j.history.some((h) => h.status === 'success'), 'a successful run over HTTP');
    assert.is(job.source, 'file');
    const stored = await withClient(url, (client) => client.query("SELECT count(*)::int AS n FROM kronos.runs r JOIN kronos.schedules s ON s.id = r.schedule_id WHERE s.name = 'beat' AND r.status = 'success'"));
    assert.ok(stored.rows[0].n >= 1, 'the runs table holds the run');
    run.child.kill(signal);
    assert.is(await run.exited, 0, run.output());
    assert.match(run.output(), `kronos: ${signal}: stopping`);
    assert.match(run.output(), /kronos: stopped\n$/);
    assert.not.ok(alive(run.child.pid!), 'the process is gone');
  }
});

test('a database the server does not have: one line naming it, exit 1, no stack trace', async () => {
  const { port } = await server();
  const r = await kronos(['list', '--store', `postgres://postgres@127.0.0.1:${port}/nodb`]);
  assert.is(r.code, 1);
  assert.is(r.stderr, `kronos: The PostgreSQL server at 127.0.0.1:${port} refused: database "nodb" does not exist (SQLSTATE 3D000)\n`);
});

if (!skipPostgres) test.run();
