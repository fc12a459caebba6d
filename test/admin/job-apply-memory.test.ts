import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { applyJobs, loadJobFile, parseJobFile } from '../../lib/admin/job-file.js';
import { JobFileError } from '../../lib/errors.js';
import { Scheduler } from '../../lib/scheduler/scheduler.js';
import { ManualClock } from '../../lib/testing.js';
import type { Logger } from '../../lib/types.js';

const test = suite('job files on the in-memory scheduler: source, reload, all or nothing, hooks');
const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'jobs');
const T0 = Date.UTC(2027, 0, 4, 12, 0, 0); // a Monday, noon UTC
const schedulers: Scheduler[] = [];
test.after.each(async () => {
  await Promise.all(schedulers.splice(0).map((s) => s.stop()));
});

function setup(logs: string[] = []): { clock: ManualClock; scheduler: Scheduler } {
  const clock = new ManualClock(T0);
  const logger: Logger = { warn: (m) => logs.push(`warn ${m}`), error: (m) => logs.push(`error ${m}`) };
  const scheduler = new Scheduler({ clock, logger });
  schedulers.push(scheduler);
  return { clock, scheduler };
}

const file = (text: string, name = 'jobs.yaml') => parseJobFile(text, join(dir, name));

test('file jobs carry source "file"; tasks added in code none (in memory), or "api" when given', async () => {
  const { scheduler } = setup();
  scheduler.define('beat', () => {}).define('sync', () => {});
  scheduler.addIntervalTask({ name: 'code', action: 'sync', interval: 60_000 });
  const summary = await applyJobs(scheduler, file('jobs:\n  heartbeat: { type: interval, interval: 30s, handler: beat }\n'));
  assert.equal(summary, { jobs: [{ name: 'heartbeat', result: 'created' }], removed: [] });
  scheduler.addIntervalTask({ name: 'http', action: 'sync', interval: 60_000, source: 'http' });
  assert.equal(scheduler.tasks().map((t) => [t.name, t.source]), [['code', undefined], ['heartbeat', 'file'], ['http', 'http']]);
  assert.throws(() => scheduler.addIntervalTask({ name: 'x', action: 'sync', interval: 1000, source: 'cli' as never }), (e: Error) => e instanceof TypeError && e.message === "Expected `source` to be one of 'file', 'api', 'http', got `\"cli\"` (string)");
});

test('reloading: unchanged jobs keep their grid and counts, changed ones are replaced, missing ones removed, code tasks untouched', async () => {
  const { clock, scheduler } = setup();
  const ran: string[] = [];
  scheduler.define('a', () => void ran.push('a')).define('b', () => void ran.push('b')).define('api', () => {});
  scheduler.addIntervalTask({ name: 'code', action: 'api', interval: 60_000 });
  const v1 = 'jobs:\n  a: { type: interval, interval: 10s, initialDelay: 10s, handler: a }\n  b: { type: interval, interval: 20s, initialDelay: 20s, handler: b }\n  c: { type: cron, cron: "30 * * * *", handler: a }\n';
  await applyJobs(scheduler, file(v1));
  scheduler.start();
  await clock.advance(15_000);
  assert.equal(ran, ['a']);
  const v2 = 'jobs:\n  a: { type: interval, interval: 10s, initialDelay: 10s, handler: a }\n  b: { type: interval, interval: 40s, initialDelay: 40s, handler: b }\n';
  const summary = await applyJobs(scheduler, file(v2));
  assert.equal(summary, { jobs: [{ name: 'a', result: 'unchanged' }, { name: 'b', result: 'updated' }], removed: ['c'] });
  const info = Object.fromEntries(scheduler.tasks().map((t) => [t.name, t]));
  assert.equal(Object.keys(info).sort(), ['a', 'b', 'code']);
  assert.is(info.a?.runs, 1, 'unchanged: the same task, its count kept');
  assert.equal(info.a?.nextRunAt, new Date(T0 + 20_000), 'unchanged: on its grid');
  assert.equal(info.b?.nextRunAt, new Date(T0 + 15_000 + 40_000), 'updated: a new grid from now');
  assert.is(info.code?.source, undefined);
  const again = await applyJobs(scheduler, file(v2));
  assert.equal(again.jobs.map((j) => j.result), ['unchanged', 'unchanged']);
});

test('an invalid file, or a job the scheduler cannot take, changes nothing', async () => {
  const { scheduler } = setup();
  scheduler.define('a', () => {});
  await applyJobs(scheduler, file('jobs:\n  a: { type: interval, interval: 10s, handler: a }\n'));
  const before = scheduler.tasks();
  try {
    await applyJobs(scheduler, file([
      'jobs:',
      '  a: { type: interval, interval: 99s, handler: a }',
      '  b: { type: interval, interval: 10s, handler: undefined.handler }',
      '  c: { type: interval, interval: 10s, endDate: "2026-06-01T00:00:00Z", handler: a }',
      '  d: { type: interval, interval: 10s, handler: a, errorHandler: { module: ./handlers.mjs, export: notAFunction } }',
    ].join('\n')));
    assert.unreachable();
  } catch (error) {
    assert.instance(error, JobFileError);
    assert.equal((error as JobFileError).problems.map((p) => [p.line, p.job, p.key]), [[3, 'b', 'handler'], [4, 'c', null], [5, 'd', 'errorHandler']]);
    assert.match((error as Error).message, /:3: job "b", key `handler`: expected a handler defined with scheduler\.define\("undefined\.handler", fn\) before the file is applied, got `"undefined\.handler"` \(string\)/);
    assert.match((error as Error).message, /:4: job "c": expected a job that can still run \(its endDate is past, or its limits allow none of its runs\)$/m);
    assert.match((error as Error).message, /:5: job "d", key `errorHandler`: expected a module export that is a function, got Cannot load action `notAFunction`/);
  }
  assert.equal(scheduler.tasks(), before);
});

test('loadJobFile reads our fixture: module jobs, disabled jobs paused, per-job error handler wins over the file\'s', async () => {
  const { scheduler } = setup();
  for (const name of ['beat', 'invoices', 'launch', 'notify']) scheduler.define(name, () => {});
  const summary = await loadJobFile(scheduler, join(dir, 'ours.yaml'));
  assert.equal(summary.jobs.map((j) => j.result), ['created', 'created', 'created', 'created', 'created']);
  const info = Object.fromEntries(scheduler.tasks().map((t) => [t.name, t]));
  assert.is(info.purge?.state, 'paused');
  assert.equal(info.report?.nextRunAt, new Date(Date.UTC(2027, 0, 8, 8, 30)), 'Friday 09:30 in Berlin');
  assert.equal(info.launch?.nextRunAt, new Date(Date.UTC(2027, 2, 28, 1, 30)));
  assert.ok(Object.values(info).every((t) => t.source === 'file'));
});

test('error handler: called with the error and the job, inside the job\'s around (contextmanager); the run still fails', async () => {
  const logs: string[] = [];
  const { clock, scheduler } = setup(logs);
  const { calls } = (await import(pathToFileURL(join(dir, 'handlers.mjs')).href)) as { calls: unknown[][] };
  calls.length = 0;
  const seen: unknown[] = [];
  scheduler.define('failing', () => {
    throw new Error('boom');
  });
  scheduler.define('fallback', (error: unknown, job: { name: string }) => void seen.push(['fallback', job.name, (error as Error).message]));
  scheduler.on('error', ({ task, error }) => seen.push(['event', task?.name, (error as Error).message]));
  await applyJobs(scheduler, file([
    'scheduler:',
    '  error handler: fallback',
    '  failing 1:',
    '    type: interval',
    '    seconds: 10',
    '    contextmanager: { module: ./handlers.mjs, export: withContext }',
    '    error handler: { module: ./handlers.mjs, export: onError }',
    '  failing 2:',
    '    type: interval',
    '    seconds: 10',
  ].join('\n')));
  scheduler.start();
  await clock.advance(1000); // an interval's first run is at start (initialDelay 0)
  assert.equal(calls, [['enter', 'failing 1'], ['exit', 'failing 1'], ['onError', 'failing 1', 'boom']]);
  // Per job: its error handler (the job's own, else the file's) before the run's error event.
  assert.equal(seen.filter((e) => (e as string[])[1] === 'failing 1'), [['event', 'failing 1', 'boom']]);
  assert.equal(seen.filter((e) => (e as string[])[1] === 'failing 2'), [['fallback', 'failing 2', 'boom'], ['event', 'failing 2', 'boom']]);
  assert.equal(scheduler.tasks().map((t) => [t.name, t.failures, t.lastOutcome?.status]), [['failing 1', 1, 'error'], ['failing 2', 1, 'error']]);
  assert.equal(logs, []);
});

test('an error handler that throws is logged; the run\'s own error is reported as usual', async () => {
  const logs: string[] = [];
  const { clock, scheduler } = setup(logs);
  scheduler.define('failing', () => {
    throw new Error('boom');
  });
  scheduler.define('broken', () => {
    throw new Error('handler broke');
  });
  await applyJobs(scheduler, file('jobs:\n  f: { type: interval, interval: 10s, handler: failing, errorHandler: broken }\n'));
  scheduler.start();
  await clock.advance(1000);
  assert.equal(logs, ['error The error handler of job "f" threw (the run\'s own error is reported as usual)', 'error Task "f" failed']);
});

test('prune: false keeps file jobs that are not in the jobs applied', async () => {
  const { scheduler } = setup();
  scheduler.define('a', () => {});
  await applyJobs(scheduler, file('jobs:\n  a: { type: interval, interval: 10s, handler: a }\n'));
  const summary = await applyJobs(scheduler, file('jobs:\n  b: { type: interval, interval: 10s, handler: a }\n'), { prune: false });
  assert.equal(summary.removed, []);
  assert.equal(scheduler.tasks().map((t) => t.name).sort(), ['a', 'b']);
});

test.run();
