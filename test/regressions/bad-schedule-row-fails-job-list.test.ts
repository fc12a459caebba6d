// Issue 13 leftover 4: on a durable store, one schedule row this process cannot read (options
// that no longer validate, a type this version does not know) made GET /api/jobs answer 500,
// so the dashboard and `kronos list` showed nothing at all. The list now answers 200 with the
// other jobs and the bad row listed with an `error`; its details answer 200 with the error.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { silentLogger } from '../../lib/internal/logger.js';
import { Scheduler } from '../../lib/scheduler/scheduler.js';
import { PostgresStore } from '../../lib/store/postgres/postgres-store.js';
import { skipPostgres, startPostgres } from '../helpers/postgres.js';
import type { TestPostgres } from '../helpers/postgres.js';
import { withClient } from '../../scripts/lib/postgres-cluster.mjs';
import { closeServers, start } from '../admin/http-helpers.js';

const test = suite('a bad durable schedule row fails the whole job list');
let server: TestPostgres | undefined;
let store: PostgresStore | undefined;
let scheduler: Scheduler<PostgresStore> | undefined;

test.after.each(async () => {
  await closeServers();
  await scheduler?.stop({ timeout: 0 });
  await store?.close();
});
test.after(async () => {
  await server?.stop();
});

/** Rows as an older or newer version, or a hand edit, may have left them. */
async function insertRow(url: string, name: string, type: string, options: unknown, action: unknown): Promise<void> {
  await withClient(url, (client) => client.query(
    `INSERT INTO badrow.schedules (name, type, options, action, args, queue, source, next_run_at)
     VALUES ($1, $2, $3, $4, '[]', 'default', 'api', now() + interval '1 hour')`,
    [name, type, JSON.stringify(options), JSON.stringify(action)]));
}

test('the list answers 200 with every job, a bad row with its error; its details answer 200 too', async () => {
  server = await startPostgres();
  store = new PostgresStore({ connectionString: server.url }, { schema: 'badrow' });
  await store.migrate();
  scheduler = new Scheduler({ store, execute: false, logger: silentLogger });
  scheduler.define('noop', () => {});
  await scheduler.addIntervalTask({ name: 'tick', action: 'noop', interval: 60_000 });
  await insertRow(server.url, 'bad-options', 'interval', { interval: -5 }, 'noop');
  await insertRow(server.url, 'bad-type', 'lunar', { phase: 'full' }, 'noop');
  await insertRow(server.url, 'no-handler', 'interval', { interval: 60_000 }, 'ghost');
  const api = await start(scheduler);

  const list = await api.call('GET', '/api/jobs');
  assert.is(list.status, 200, list.text);
  const jobs = list.json.jobs as Array<Record<string, unknown>>;
  assert.equal(jobs.map((j) => j.name), ['bad-options', 'bad-type', 'no-handler', 'tick']);
  const byName = new Map(jobs.map((j) => [j.name, j]));
  assert.is(byName.get('tick')!.error, undefined);
  assert.is(byName.get('tick')!.schedule, 'every 1 min');
  assert.is(byName.get('no-handler')!.error, undefined, 'a handler another process may define is not an error (it may be an orphan)');
  const badOptions = byName.get('bad-options')!;
  assert.is(badOptions.type, 'interval');
  assert.is(badOptions.error, 'The stored schedule cannot be read: Expected `interval` to be a non-negative integer (ms), got `-5` (number)');
  assert.is(badOptions.state, 'scheduled');
  const badType = byName.get('bad-type')!;
  assert.is(badType.type, 'lunar');
  assert.is(badType.error, 'The stored schedule cannot be read: its type "lunar" is not one this version knows (interval, weekday, monthday, single, cron)');

  for (const name of ['bad-options', 'bad-type']) {
    const details = await api.call('GET', `/api/jobs/${name}`);
    assert.is(details.status, 200, details.text);
    assert.is(details.json.job.error, byName.get(name)!.error);
    assert.equal(details.json.job.nextRuns, []);
    assert.equal(details.json.job.history, []);
  }
  // The routes the dashboard reads beside the list keep answering too.
  for (const path of ['/api/upcoming', '/api/orphans', '/api/scheduled', '/metrics']) {
    const r = await api.call('GET', path);
    assert.is(r.status, 200, `${path}: ${r.text}`);
  }
  assert.equal((await api.call('GET', '/api/orphans')).json.orphans.map((o: { name: string }) => o.name), ['no-handler']);
  // A bad row can still be paused and deleted, which is how an operator gets rid of it.
  assert.is((await api.call('POST', '/api/jobs/bad-type/pause')).status, 200);
  assert.is((await api.call('DELETE', '/api/jobs/bad-type')).status, 200);
});

if (!skipPostgres) test.run();
