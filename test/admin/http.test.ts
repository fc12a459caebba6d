/**
 * The admin API over the in-memory scheduler (ManualClock): every route of DESIGN §8 with
 * its answers and status codes, through a real server and real fetch.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { harness, stopAll, T0 } from '../helpers.js';
import { closeServers, start } from './http-helpers.js';

const test = suite('admin HTTP API (in memory)');
test.after.each(async () => {
  await closeServers();
  await stopAll();
});

const MIN = 60_000;
const HOUR = 60 * MIN;
const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

function setup(listen = false) {
  const h = harness({ listen });
  const s = h.scheduler;
  s.define('noop', () => {});
  s.define('boom', () => {
    throw new Error('it broke');
  });
  s.addIntervalTask({ name: 'tick', action: 'noop', interval: 5 * MIN, initialDelay: 5 * MIN });
  s.addWeekdayTask({ name: 'office', action: 'noop', weekdays: [1, 2, 3, 4, 5], timeOnDay: '08:00', timeZone: 'Europe/Berlin' });
  s.start();
  return h;
}

test('GET /api/health: status, store, instance, uptime', async () => {
  const { scheduler, clock } = setup();
  const api = await start(scheduler);
  const r = await api.call('GET', '/api/health');
  assert.is(r.status, 200);
  assert.is(r.headers.get('content-type'), 'application/json; charset=utf-8');
  assert.equal(Object.keys(r.json), ['status', 'store', 'instance', 'uptimeSeconds']);
  assert.is(r.json.status, 'ok');
  assert.is(r.json.store, 'memory');
  assert.match(r.json.instance, /^[0-9a-f-]{36}$/);
  assert.is(r.json.uptimeSeconds, 0);
  await clock.advance(90_500);
  assert.is((await api.call('GET', '/api/health')).json.uptimeSeconds, 90, 'on the scheduler\'s clock');
});

test('GET /api/jobs: TaskInfo with the schedule in words, type, zone and source', async () => {
  const { scheduler } = setup();
  const api = await start(scheduler);
  const r = await api.call('GET', '/api/jobs');
  assert.is(r.status, 200);
  assert.equal(r.json.jobs, [
    { name: 'tick', type: 'interval', schedule: 'every 5 min', timeZone: null, source: 'api', queue: 'default', action: null, state: 'scheduled', nextRunAt: new Date(T0 + 5 * MIN).toISOString(), runs: 0, failures: 0, lastOutcome: null },
    { name: 'office', type: 'weekday', schedule: 'Mon–Fri 08:00 Europe/Berlin', timeZone: 'Europe/Berlin', source: 'api', queue: 'default', action: null, state: 'scheduled', nextRunAt: '2027-01-05T07:00:00.000Z', runs: 0, failures: 0, lastOutcome: null },
  ]);
});

test('GET /api/jobs/:name: next runs (bounded) and recent runs with outcome, duration, lateness, error and stack', async () => {
  const { scheduler, clock } = setup();
  scheduler.addCronTask({ name: 'fails', action: 'boom', cron: '*/10 * * * *', timeZone: 'UTC' });
  const api = await start(scheduler);
  await clock.advance(10 * MIN);
  const r = await api.call('GET', '/api/jobs/fails?next=3');
  assert.is(r.status, 200);
  const job = r.json.job;
  assert.is(job.schedule, '*/10 * * * *');
  assert.is(job.timeZone, 'UTC');
  assert.equal(job.nextRuns, [T0 + 20 * MIN, T0 + 30 * MIN, T0 + 40 * MIN].map((t) => new Date(t).toISOString()));
  // Slots at 12:00 (the cron's first, at start) and 12:10; newest first.
  assert.equal(job.counts, { runs: 2, failures: 2, missed: 0, skipped: 0 });
  assert.is(job.history.length, 2);
  const [run] = job.history;
  assert.is(run.status, 'error');
  assert.is(run.kind, 'scheduled');
  assert.is(run.scheduledAt, new Date(T0 + 10 * MIN).toISOString());
  assert.is(run.latenessMs, 0);
  assert.is(run.durationMs, 0);
  assert.is(run.error.name, 'Error');
  assert.is(run.error.message, 'it broke');
  assert.match(run.error.stack, /it broke\n\s+at /);
  assert.is(job.lastOutcome.status, 'error');
  assert.is(job.lastOutcome.error.message, 'it broke');
  const bounded = await api.call('GET', '/api/jobs/fails?next=101');
  assert.is(bounded.status, 400);
  assert.equal(bounded.json.error.field, 'next');
});

test('a timed-out run shows as timeout in the history, with its duration', async () => {
  const { scheduler, clock } = setup();
  scheduler.addIntervalTask({ name: 'slow', action: () => new Promise(() => {}), interval: MIN, initialDelay: MIN, timeout: 1000 });
  const api = await start(scheduler);
  await clock.advance(MIN + 1000);
  const [run] = (await api.call('GET', '/api/jobs/slow')).json.job.history;
  assert.equal([run.status, run.durationMs, run.error.name], ['timeout', 1000, 'TaskTimeoutError']);
  assert.match(run.error.message, /did not finish within its timeout of 1000 ms/);
});

test('unknown job: 404 on every route that names one', async () => {
  const { scheduler } = setup();
  const api = await start(scheduler);
  for (const [method, path] of [['GET', '/api/jobs/nope'], ['DELETE', '/api/jobs/nope'], ['POST', '/api/jobs/nope/run'], ['POST', '/api/jobs/nope/pause'], ['POST', '/api/jobs/nope/resume']] as const) {
    const r = await api.call(method, path);
    assert.is(r.status, 404, `${method} ${path}`);
    assert.equal(r.json, { error: { code: 'job-not-found', message: 'No job named "nope"' } });
  }
  const encoded = await api.call('GET', `/api/jobs/${encodeURIComponent('backup.run 1')}`);
  assert.equal(encoded.json.error.message, 'No job named "backup.run 1"');
});

test('POST /api/jobs: 201 with the job and its Location; 409 on a duplicate name', async () => {
  const { scheduler } = setup();
  const api = await start(scheduler);
  const entry = { name: 'backup.run 1', type: 'cron', cron: '30 2 * * *', timeZone: 'Europe/Berlin', handler: 'noop', args: [1] };
  const r = await api.call('POST', '/api/jobs', { body: entry });
  assert.is(r.status, 201);
  assert.is(r.headers.get('location'), '/api/jobs/backup.run%201');
  assert.equal(r.json.job, {
    name: 'backup.run 1', type: 'cron', schedule: '30 2 * * *', timeZone: 'Europe/Berlin', source: 'http', queue: 'default', action: null,
    state: 'scheduled', nextRunAt: '2027-01-05T01:30:00.000Z', runs: 0, failures: 0, lastOutcome: null,
  });
  const again = await api.call('POST', '/api/jobs', { body: entry });
  assert.is(again.status, 409);
  assert.equal(again.json.error, { code: 'duplicate-name', message: 'A job named "backup.run 1" already exists; delete it first', field: 'name' });
  const other = await api.call('POST', '/api/jobs', { body: { ...entry, name: 'tick' } });
  assert.is(other.status, 409);
});

test('POST /api/jobs: each type; `date` takes an ISO time with an offset; enabled: false adds it paused', async () => {
  const { scheduler } = setup();
  const api = await start(scheduler);
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ name: 'i', type: 'interval', interval: { hours: 1, minutes: 30 }, handler: 'noop' }, 'every 1 h 30 min'],
    [{ name: 'w', type: 'weekday', weekdays: ['mon', 'wed', 'fri'], timeOnDay: [6, 15], timeZone: 'UTC', handler: 'noop' }, 'Mon, Wed, Fri 06:15 UTC'],
    [{ name: 'm', type: 'monthday', monthdays: [1, 15, -1], timeOnDay: '23:00:30', timeZone: 'UTC', handler: 'noop' }, 'day 1, 15, last 23:00:30 UTC'],
    [{ name: 'd', type: 'date', at: '2027-01-04T14:00:00+01:00', handler: 'noop' }, 'once at 2027-01-04T13:00:00.000Z'],
    [{ name: 'p', type: 'interval', interval: 1000, handler: 'noop', enabled: false }, 'every 1 s'],
    [{ name: 'e', type: 'interval', interval: MIN, handler: 'noop', startDate: '2027-01-04T13:30:00+01:00', endDate: Date.UTC(2027, 0, 5) }, 'every 1 min'],
  ];
  for (const [entry, schedule] of cases) {
    const r = await api.call('POST', '/api/jobs', { body: entry });
    assert.is(r.status, 201, JSON.stringify(r.json));
    assert.is(r.json.job.schedule, schedule);
  }
  assert.is((await api.call('GET', '/api/jobs/p')).json.job.state, 'paused');
});

test('POST /api/jobs: 400 naming the field for unknown, missing and bad keys; 400 for malformed JSON', async () => {
  const { scheduler } = setup();
  const api = await start(scheduler);
  const base = { name: 'n', type: 'interval', interval: 1000, handler: 'noop' };
  const cases: Array<[unknown, string, RegExp]> = [
    [{ ...base, colour: 'red' }, 'colour', /Unknown field `colour`/],
    [{ ...base, cron: '* * * * *' }, 'cron', /Unknown field `cron`/],
    [{ ...base, type: 'hourly' }, 'type', /Expected `type` to be one of interval, weekday, monthday, cron, date, single/],
    [{ ...base, name: '' }, 'name', /Expected `name` to be a non-empty string/],
    [{ ...base, handler: 'undefined-one' }, 'handler', /to name a handler defined in this process \(noop, boom\)/],
    [{ name: 'n', type: 'interval', interval: 1000 }, 'handler', /exactly one of `handler`/],
    [{ ...base, interval: 0 }, 'interval', /Expected `interval` to be/],
    [{ ...base, interval: 'soon' }, 'interval', /Expected `interval`/],
    [{ ...base, catchUp: 'sometimes' }, 'catchUp', /Expected `catchUp`/],
    [{ ...base, around: 'x' }, 'around', /Unknown field `around`/],
    [{ name: 'd', type: 'date', at: '2027-01-04T14:00:00', handler: 'noop' }, 'at', /with an offset/],
    [{ ...base, endDate: 'tomorrow Z' }, 'endDate', /Expected `endDate` to be epoch milliseconds or an ISO date-time with an offset/],
    [{ ...base, module: './job-module.ts', handler: undefined }, 'module', /not accepted: the server was started without `allowModules`/],
  ];
  for (const [body, field, message] of cases) {
    const r = await api.call('POST', '/api/jobs', { body });
    assert.is(r.status, 400, JSON.stringify(body));
    assert.is(r.json.error.code, 'bad-request');
    assert.is(r.json.error.field, field, JSON.stringify(r.json));
    assert.match(r.json.error.message, message);
  }
  for (const raw of ['{"name": ', '[1, 2]', '"text"', 'null']) {
    const r = await api.call('POST', '/api/jobs', { raw, headers: { 'content-type': 'application/json' } });
    assert.is(r.status, 400, raw);
    assert.is(r.json.error.code, 'bad-json');
  }
  assert.equal((await api.call('GET', '/api/jobs')).json.jobs.map((j: { name: string }) => j.name), ['tick', 'office']);
});

test('POST /api/jobs: module paths only under allowModules; nothing outside, no URL schemes', async () => {
  const { scheduler } = setup();
  const api = await start(scheduler, { allowModules: [fixtures] });
  const ok = await api.call('POST', '/api/jobs', { body: { name: 'mod', type: 'interval', interval: MIN, module: 'job-module.ts' } });
  assert.is(ok.status, 201, JSON.stringify(ok.json));
  assert.equal(ok.json.job.action, { module: `file://${realpathSync(join(fixtures, 'job-module.ts'))}`, export: 'default' });
  for (const module of ['../http.test.ts', join(fixtures, '..', 'http.test.ts'), 'data:text/javascript,export default 1', 'node:fs', 'missing.ts', '/etc/passwd']) {
    const r = await api.call('POST', '/api/jobs', { body: { name: 'x', type: 'interval', interval: MIN, module } });
    assert.is(r.status, 400, module);
    assert.is(r.json.error.field, 'module');
  }
});

test('DELETE /api/jobs/:name deletes one; DELETE /api/jobs needs ?confirm=all', async () => {
  const { scheduler } = setup();
  const api = await start(scheduler);
  const one = await api.call('DELETE', '/api/jobs/tick');
  assert.is(one.status, 200);
  assert.equal(one.json, { deleted: 'tick' });
  const unconfirmed = await api.call('DELETE', '/api/jobs');
  assert.is(unconfirmed.status, 400);
  assert.is(unconfirmed.json.error.field, 'confirm');
  assert.is((await api.call('DELETE', '/api/jobs?confirm=yes')).status, 400);
  assert.equal(scheduler.tasks().map((t) => t.name), ['office']);
  const all = await api.call('DELETE', '/api/jobs?confirm=all');
  assert.is(all.status, 200);
  assert.equal(all.json, { deleted: 1 });
  assert.equal(scheduler.tasks(), []);
});

test('POST /api/jobs/:name/run: now or after delayMs, kind manual, beside the regular slot', async () => {
  const { scheduler, clock } = setup();
  const api = await start(scheduler);
  const now = await api.call('POST', '/api/jobs/tick/run');
  assert.is(now.status, 202);
  assert.equal(now.json, { name: 'tick', kind: 'manual', runAt: new Date(T0).toISOString() });
  const later = await api.call('POST', '/api/jobs/tick/run', { body: { delayMs: 90_000 } });
  assert.equal(later.json.runAt, new Date(T0 + 90_000).toISOString());
  await clock.advance(90_000);
  const details = (await api.call('GET', '/api/jobs/tick')).json.job;
  assert.equal(details.history.map((r: { kind: string; scheduledAt: string }) => [r.kind, r.scheduledAt]), [
    ['manual', new Date(T0 + 90_000).toISOString()],
    ['manual', new Date(T0).toISOString()],
  ]);
  assert.is(details.nextRunAt, new Date(T0 + 5 * MIN).toISOString());
  for (const [body, field] of [[{ delayMs: -1 }, 'delayMs'], [{ delayMs: 1.5 }, 'delayMs'], [{ delayMs: '5m' }, 'delayMs'], [{ skipNext: 'yes' }, 'skipNext'], [{ delay: 5 }, 'delay']] as const) {
    const r = await api.call('POST', '/api/jobs/tick/run', { body });
    assert.is(r.status, 400, JSON.stringify(body));
    assert.is(r.json.error.field, field);
  }
});

test('POST /api/jobs/:name/run with skipNext: the regular schedule moves to the slot after the next', async () => {
  const { scheduler, clock } = setup();
  const api = await start(scheduler);
  const r = await api.call('POST', '/api/jobs/office/run', { body: { skipNext: true } });
  assert.is(r.status, 202);
  assert.is(r.json.nextRunAt, '2027-01-06T07:00:00.000Z');
  assert.equal(scheduler.nextRunsBetween('office', T0, T0 + 3 * 24 * HOUR, 2), [new Date('2027-01-06T07:00:00.000Z'), new Date('2027-01-07T07:00:00.000Z')]);
  const tick = await api.call('POST', '/api/jobs/tick/run', { body: { skipNext: true } });
  assert.is(tick.json.nextRunAt, new Date(T0 + 10 * MIN).toISOString());
  await clock.advance(10 * MIN);
  const runs = (await api.call('GET', '/api/jobs/tick')).json.job.history.map((x: { kind: string; scheduledAt: string }) => `${x.kind}@${(Date.parse(x.scheduledAt) - T0) / MIN}`);
  assert.equal(runs, ['scheduled@10', 'manual@0'], 'the slot at 5 min was skipped');
  // Refused, and nothing changed: a paused job, or a one-shot with no slot after its next.
  await api.call('POST', '/api/jobs/office/pause');
  const paused = await api.call('POST', '/api/jobs/office/run', { body: { skipNext: true } });
  assert.is(paused.status, 409);
  assert.is(paused.json.error.field, 'skipNext');
  scheduler.addSingleTask({ name: 'once', action: 'noop', at: T0 + 24 * HOUR });
  const once = await api.call('POST', '/api/jobs/once/run', { body: { skipNext: true } });
  assert.is(once.status, 409);
  assert.is(scheduler.getTask('once')?.name, 'once');
});

test('pause and resume one job, or all', async () => {
  const { scheduler } = setup();
  const api = await start(scheduler);
  const paused = await api.call('POST', '/api/jobs/tick/pause');
  assert.is(paused.status, 200);
  assert.is(paused.json.job.state, 'paused');
  assert.equal((await api.call('GET', '/api/scheduled')).json, { names: ['office'] });
  const resumed = await api.call('POST', '/api/jobs/tick/resume');
  assert.is(resumed.json.job.state, 'scheduled');
  assert.equal(await (await api.call('POST', '/api/pause')).json, { paused: true });
  assert.equal(scheduler.tasks().map((t) => t.state), ['paused', 'paused']);
  assert.equal((await api.call('GET', '/api/scheduled')).json, { names: [] });
  assert.equal((await api.call('POST', '/api/resume')).json, { paused: false });
  assert.equal(scheduler.tasks().map((t) => t.state), ['scheduled', 'scheduled']);
  assert.equal((await api.call('GET', '/api/scheduled')).json, { names: ['tick', 'office'] });
});

test('orphans: always none in memory; DELETE deletes none', async () => {
  const { scheduler } = setup();
  const api = await start(scheduler);
  assert.equal((await api.call('GET', '/api/orphans')).json, { orphans: [] });
  assert.equal((await api.call('DELETE', '/api/orphans')).json, { deleted: [] });
  assert.is(scheduler.tasks().length, 2);
});

test('GET /api/upcoming: runs per hour from the current hour, bounded hours', async () => {
  const { scheduler } = setup();
  const api = await start(scheduler);
  const r = await api.call('GET', '/api/upcoming?hours=3');
  assert.is(r.status, 200);
  assert.equal(r.json, {
    from: new Date(T0).toISOString(), hours: 3, perJobLimit: 1000, truncated: [],
    // 12:05..12:55, then 13:00..13:55 and 14:00..14:55
    buckets: [11, 12, 12].map((n, i) => ({ start: new Date(T0 + i * HOUR).toISOString(), runs: n, jobs: { tick: n } })),
  });
  const day = (await api.call('GET', '/api/upcoming')).json;
  assert.is(day.hours, 24);
  assert.is(day.buckets[19].start, '2027-01-05T07:00:00.000Z');
  assert.equal(day.buckets[19].jobs, { tick: 12, office: 1 });
  for (const q of ['hours=0', 'hours=169', 'hours=abc', 'hours=1&hours=2', 'days=1']) {
    const bad = await api.call('GET', `/api/upcoming?${q}`);
    assert.is(bad.status, 400, q);
    assert.ok(bad.json.error.field === 'hours' || bad.json.error.field === 'days', q);
  }
});

test('a job every second is capped per job and reported as truncated', async () => {
  const { scheduler } = setup();
  scheduler.addIntervalTask({ name: 'fast', action: 'noop', interval: 1000 });
  const api = await start(scheduler);
  const r = (await api.call('GET', '/api/upcoming?hours=168')).json;
  assert.equal(r.truncated, ['tick', 'fast'], 'every 5 min for a week is 2016 runs: over the cap too');
  assert.is(r.buckets.reduce((n: number, b: { jobs: Record<string, number> }) => n + (b.jobs.fast ?? 0), 0), 1000);
  assert.is(r.buckets.length, 168);
});

test('an unexpected failure is a 500 that hides internals and goes to the logger', async () => {
  const { scheduler, record } = setup();
  const api = await start(scheduler);
  scheduler.tasks = () => {
    throw new Error('secret internals');
  };
  const r = await api.call('GET', '/api/jobs');
  assert.is(r.status, 500);
  assert.equal(r.json, { error: { code: 'internal', message: 'Internal error; see the server log' } });
  assert.equal(record.logs.map((l) => [l.level, l.message, (l.details as Error).message]), [['error', 'Admin API: GET /api/jobs failed', 'secret internals']]);
});

test('source: `http` marks the task added through the API, not a task re-added by code under its name', async () => {
  const { scheduler } = setup();
  const api = await start(scheduler);
  await api.call('POST', '/api/jobs', { body: { name: 'h', type: 'interval', interval: MIN, handler: 'noop' } });
  assert.is((await api.call('GET', '/api/jobs/h')).json.job.source, 'http');
  scheduler.cancel('h');
  scheduler.addIntervalTask({ name: 'h', action: 'noop', interval: MIN });
  assert.is((await api.call('GET', '/api/jobs/h')).json.job.source, 'api');
});

test('GET / serves the dashboard shell without a token; unknown routes 404, wrong methods 405', async () => {
  const { scheduler } = setup();
  const api = await start(scheduler);
  const page = await api.call('GET', '/', { token: null });
  assert.is(page.status, 200);
  assert.is(page.headers.get('content-type'), 'text/html; charset=utf-8');
  assert.match(page.text, /<!doctype html>/);
  const unknown = await api.call('GET', '/api/nothing');
  assert.is(unknown.status, 404);
  assert.is(unknown.json.error.code, 'not-found');
  const wrong = await api.call('PUT', '/api/jobs/tick');
  assert.is(wrong.status, 405);
  assert.is(wrong.headers.get('allow'), 'GET, DELETE');
  assert.is((await api.call('POST', '/api/health')).status, 405);
});

test('serving does not silence the logger: errors, skips and missed slots still reach it with no listener of their own', async () => {
  const { scheduler, clock, record } = setup(false);
  scheduler.addIntervalTask({ name: 'bad', action: 'boom', interval: MIN, initialDelay: MIN });
  scheduler.addIntervalTask({ name: 'slow', action: () => new Promise((resolve) => clock.setTimeout(() => resolve(undefined), 90_000)), interval: MIN, initialDelay: MIN });
  const first = await start(scheduler);
  await start(scheduler); // two servers on one scheduler: still logged once
  await clock.advance(2 * MIN);
  assert.equal(record.logs.filter((l) => l.message === 'Task "bad" failed').length, 2);
  assert.equal(record.logs.filter((l) => /Task "slow" skipped a run/.test(l.message)).length, 1, JSON.stringify(record.logs.map((l) => l.message)));
  await clock.set(T0 + 10 * MIN); // the wall clock jumps: slots are missed
  await clock.advance(30_000); // the next wake (timers are capped at 30 s)
  assert.equal(record.logs.filter((l) => /Task "bad" missed/.test(l.message)).length, 1);
  // With a listener of the user's own, it takes over (as without a server).
  const logged = record.logs.filter((l) => l.message === 'Task "bad" failed').length;
  const heard: unknown[] = [];
  scheduler.on('error', (e) => heard.push(e.error));
  await clock.advance(MIN);
  assert.is(record.logs.filter((l) => l.message === 'Task "bad" failed').length, logged);
  assert.is(heard.length, 1);
  // Closing the servers removes their listeners: the user's listener alone hears errors.
  await first.server.close();
  await closeServers();
  assert.equal([scheduler.events.listenerCount('error'), scheduler.events.listenerCount('start')], [1, 0]);
});

test.run();
