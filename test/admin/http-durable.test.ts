/**
 * The admin API over a durable store: the durable engine over a MemoryStore flagged durable
 * (ManualClock, several "processes" sharing it), and once end to end over embedded PGlite.
 * Same routes, same answers; history comes from the store's runs, orphans from its instances.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { T0, node, stopNodes, world } from '../scheduler/durable/helpers.js';
import { embeddedStore } from '../helpers/pglite.js';
import { Scheduler } from '../../lib/scheduler/scheduler.js';
import { closeServers, start } from './http-helpers.js';
import { parseExposition, valueOf } from './metrics-parse.js';

const test = suite('admin HTTP API (durable store)');
test.after.each(async () => {
  await closeServers();
  await stopNodes();
});

const MIN = 60_000;

async function setup() {
  const { clock, store } = world();
  const a = node(store, clock);
  a.scheduler.define('noop', () => {});
  a.scheduler.define('boom', () => {
    throw new Error('it broke');
  });
  await a.scheduler.addIntervalTask({ name: 'tick', action: 'noop', interval: 5 * MIN, initialDelay: 5 * MIN });
  await a.scheduler.addWeekdayTask({ name: 'office', action: 'noop', weekdays: [1, 2, 3, 4, 5], timeOnDay: '08:00', timeZone: 'Europe/Berlin' });
  a.scheduler.start();
  const api = await start(a.scheduler);
  return { clock, store, a, api };
}

test('health and the job list read the store', async () => {
  const { api } = await setup();
  const health = await api.call('GET', '/api/health');
  assert.equal([health.status, health.json.status, health.json.store], [200, 'ok', 'custom']);
  const jobs = (await api.call('GET', '/api/jobs')).json.jobs;
  assert.equal(jobs, [ // the store lists by name
    { name: 'office', type: 'weekday', schedule: 'Mon–Fri 08:00 Europe/Berlin', timeZone: 'Europe/Berlin', source: 'api', queue: 'default', action: 'noop', state: 'scheduled', nextRunAt: '2027-01-05T07:00:00.000Z', runs: 0, failures: 0, lastOutcome: null },
    { name: 'tick', type: 'interval', schedule: 'every 5 min', timeZone: null, source: 'api', queue: 'default', action: 'noop', state: 'scheduled', nextRunAt: new Date(T0 + 5 * MIN).toISOString(), runs: 0, failures: 0, lastOutcome: null },  ]);
  for (const [method, path] of [['GET', '/api/jobs/nope'], ['DELETE', '/api/jobs/nope'], ['POST', '/api/jobs/nope/run'], ['POST', '/api/jobs/nope/pause'], ['POST', '/api/jobs/nope/resume']] as const) {
    assert.is((await api.call(method, path)).status, 404, `${method} ${path}`);
  }
});

test('health is 503 when the store does not answer', async () => {
  const { api, store } = await setup();
  const now = store.now;
  (store as { now: () => Promise<number> }).now = () => Promise.reject(new Error('connection refused'));
  const r = await api.call('GET', '/api/health');
  assert.equal([r.status, r.json.status, r.json.store], [503, 'unavailable', 'custom']);
  (store as { now: () => Promise<number> }).now = now;
  assert.is((await api.call('GET', '/api/health')).status, 200);
});

test('POST /api/jobs declares a durable schedule (201); a name already there is 409, not an upsert', async () => {
  const { api, store } = await setup();
  const r = await api.call('POST', '/api/jobs', { body: { name: 'nightly', type: 'cron', cron: '30 2 * * *', timeZone: 'UTC', handler: 'noop', queue: 'reports' } });
  assert.is(r.status, 201, JSON.stringify(r.json));
  assert.equal([r.json.job.schedule, r.json.job.queue, r.json.job.action, r.json.job.nextRunAt], ['30 2 * * *', 'reports', 'noop', '2027-01-05T02:30:00.000Z']);
  assert.equal((await store.getSchedule('nightly'))?.options, { cron: '30 2 * * *', timeZone: 'UTC' });
  const again = await api.call('POST', '/api/jobs', { body: { name: 'tick', type: 'interval', interval: MIN, handler: 'noop' } });
  assert.is(again.status, 409);
  assert.equal((await store.getSchedule('tick'))?.options, { interval: 5 * MIN, initialDelay: 5 * MIN }, 'unchanged');
  const bad = await api.call('POST', '/api/jobs', { body: { name: 'x', type: 'interval', interval: -5, handler: 'noop' } });
  assert.equal([bad.status, bad.json.error.field], [400, 'interval']);
  assert.is(await store.getSchedule('x'), null);
});

test('details: next runs and the stored history (all processes), with error and stack', async () => {
  const { api, a, clock } = await setup();
  await a.scheduler.addIntervalTask({ name: 'fails', action: 'boom', interval: MIN, initialDelay: MIN });
  await clock.advance(2 * MIN);
  const job = (await api.call('GET', '/api/jobs/fails?next=2&runs=5')).json.job;
  assert.equal(job.nextRuns, [new Date(T0 + 3 * MIN).toISOString(), new Date(T0 + 4 * MIN).toISOString()]);
  assert.equal(job.history.map((r: { status: string; kind: string; scheduledAt: string; attempt: number }) => [r.status, r.kind, r.scheduledAt, r.attempt]), [
    ['error', 'scheduled', new Date(T0 + 2 * MIN).toISOString(), 1],
    ['error', 'scheduled', new Date(T0 + MIN).toISOString(), 1],
  ]);
  assert.equal([job.history[0].error.name, job.history[0].error.message], ['Error', 'it broke']);
  assert.match(job.history[0].error.stack, /it broke\n\s+at /);
  assert.equal([job.runs, job.failures, job.lastOutcome.status, job.lastOutcome.error.message], [2, 2, 'error', 'it broke']);
});

test('run now (kind manual), after a delay, and with skipNext moving the stored next slot', async () => {
  const { api, a, clock, store } = await setup();
  const r = await api.call('POST', '/api/jobs/tick/run', { body: { delayMs: 1000, skipNext: true } });
  assert.is(r.status, 202, JSON.stringify(r.json));
  assert.equal(r.json, { name: 'tick', kind: 'manual', runAt: new Date(T0 + 1000).toISOString(), nextRunAt: new Date(T0 + 10 * MIN).toISOString() });
  const row = await store.getSchedule('tick');
  assert.equal([row?.nextRunAt, row?.paused], [T0 + 10 * MIN, false]);
  await clock.advance(10 * MIN);
  const runs = await store.runs('tick', 10);
  assert.equal(runs.map((x) => [x.kind, x.slot - T0]).reverse(), [['manual', 1000], ['scheduled', 10 * MIN]], 'the slot at 5 min was skipped');
  assert.equal(a.trail().filter((e) => e.startsWith('start')), ['start:tick', 'start:tick']);
});

test('pause and resume one or all; scheduled names skip paused jobs', async () => {
  const { api, store } = await setup();
  assert.is((await api.call('POST', '/api/jobs/tick/pause')).json.job.state, 'paused');
  assert.is((await store.getSchedule('tick'))?.paused, true);
  assert.equal((await api.call('GET', '/api/scheduled')).json, { names: ['office'] });
  assert.is((await api.call('POST', '/api/jobs/tick/pause')).status, 200, 'pausing twice is fine');
  await api.call('POST', '/api/resume');
  assert.equal((await store.listSchedules()).map((s) => s.paused), [false, false]);
  await api.call('POST', '/api/pause');
  assert.equal((await store.listSchedules()).map((s) => s.paused), [true, true]);
  const paused = await api.call('POST', '/api/jobs/office/run', { body: { skipNext: true } });
  assert.is(paused.status, 409);
});

test('orphans: schedules whose handler no live process defines; DELETE removes them', async () => {
  const { api, clock, store } = await setup();
  const b = node(store, clock);
  b.scheduler.define('ghost', () => {});
  await b.scheduler.addIntervalTask({ name: 'haunted', action: 'ghost', interval: MIN });
  b.scheduler.start();
  await clock.advance(1);
  assert.equal((await api.call('GET', '/api/orphans')).json, { orphans: [] }, 'process b defines ghost');
  await b.scheduler.stop();
  assert.equal((await api.call('GET', '/api/orphans')).json, { orphans: [{ name: 'haunted', handler: 'ghost', queue: 'default', source: 'api', state: 'scheduled' }] });
  assert.equal((await api.call('DELETE', '/api/orphans')).json, { deleted: ['haunted'] });
  assert.is(await store.getSchedule('haunted'), null);
  assert.equal((await store.listSchedules()).map((s) => s.name), ['office', 'tick']);
});

test('delete one and all; upcoming and metrics read the store', async () => {
  const { api, store } = await setup();
  const up = (await api.call('GET', '/api/upcoming?hours=2')).json;
  assert.equal(up.buckets.map((b: { runs: number }) => b.runs), [11, 12]);
  const metrics = await api.call('GET', '/metrics');
  assert.match(metrics.text, /^kronos_job_info\{job="tick",type="interval",schedule="every 5 min",timezone=""\} 1$/m);
  assert.match(metrics.text, /^kronos_clock_skew_seconds 0$/m);
  assert.equal((await api.call('DELETE', '/api/jobs/tick')).json, { deleted: 'tick' });
  assert.equal((await api.call('DELETE', '/api/jobs?confirm=all')).json, { deleted: 1 });
  assert.equal(await store.listSchedules(), []);
});

test('metrics on a durable store: claim durations, runs claimed, leases lost', async () => {
  const { clock, store } = world();
  const a = node(store, clock, { leaseMs: 3000 });
  const b = node(store, clock, { leaseMs: 3000 });
  a.scheduler.define('hang', () => new Promise(() => {})); // a dies mid-run
  b.scheduler.define('hang', () => {});
  await a.scheduler.addSingleTask({ name: 'once', action: 'hang', at: T0 + 1000 });
  await a.scheduler.addSingleTask({ name: 'doomed', action: 'hang', at: T0 + 1000, onLost: 'fail' });
  a.scheduler.start();
  b.scheduler.start();
  const api = await start(b.scheduler);
  await clock.advance(1000);
  const before = parseExposition((await api.call('GET', '/metrics')).text);
  assert.is(valueOf(before, 'kronos_claimed_runs_total', {}), 0, 'a claimed both slots, b none');
  a.kill();
  await clock.advance(6000);
  const after = parseExposition((await api.call('GET', '/metrics')).text);
  assert.is(valueOf(after, 'kronos_leases_lost_total', { outcome: 'retried' }), 1);
  assert.is(valueOf(after, 'kronos_leases_lost_total', { outcome: 'failed' }), 1);
  assert.is(valueOf(after, 'kronos_claimed_runs_total', {}), 0, 'a retried run is not claimed: it is recovered');
  const claims = (b.of('claim') as unknown[]).length;
  assert.ok(claims > 0);
  assert.is(valueOf(after, 'kronos_claim_duration_seconds_count', {}), claims, 'one observation per claim');
  assert.is(valueOf(after, 'kronos_claim_duration_seconds_bucket', { le: '+Inf' }), claims);
  assert.is(valueOf(after, 'kronos_claim_duration_seconds_sum', {}), 0, 'a ManualClock claim takes no time');
});

test('end to end over embedded PGlite: add, list, run now, history', async () => {
  const { store, close } = await embeddedStore();
  const scheduler = new Scheduler({ store, logger: { warn() {}, error() {} }, pollInterval: 100 });
  let ran = 0;
  scheduler.define('count', () => void ran++);
  try {
    scheduler.start();
    const api = await start(scheduler);
    assert.is((await api.call('GET', '/api/health')).json.store, 'postgres');
    const added = await api.call('POST', '/api/jobs', { body: { name: 'daily', type: 'weekday', weekdays: [1, 2, 3, 4, 5, 6, 7], timeOnDay: '03:00', timeZone: 'UTC', handler: 'count' } });
    assert.is(added.status, 201, JSON.stringify(added.json));
    assert.is(added.json.job.schedule, 'daily 03:00 UTC');
    assert.is((await api.call('POST', '/api/jobs/daily/run')).status, 202);
    for (let i = 0; i < 100 && ran === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    await scheduler.onIdle();
    let history: Array<{ kind: string; status: string }> = [];
    for (let i = 0; i < 100 && history[0]?.status !== 'success'; i++) {
      history = (await api.call('GET', '/api/jobs/daily')).json.job.history;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.equal(history.map((h) => [h.kind, h.status]), [['manual', 'success']]);
    assert.is(ran, 1);
  } finally {
    await closeServers();
    await scheduler.stop({ timeout: 0 });
    await close();
  }
});

test.run();
