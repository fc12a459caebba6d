import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { JobHooks } from '../../lib/admin/job-hooks.js';
import { applyJobs, parseJobFile } from '../../lib/admin/job-file.js';
import { JobFileError } from '../../lib/errors.js';
import { T0, node, stopNodes, world } from '../scheduler/durable/helpers.js';

const test = suite('job files on a durable store: upsert per job, prune file jobs only, hooks through the scheduler');
test.after.each(stopNodes);
const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'jobs');
const file = (text: string) => parseJobFile(text, join(dir, 'jobs.yaml'));

test('created, then unchanged on reload (the grid kept), updated when changed; removed when gone; API schedules untouched', async () => {
  const { clock, store } = world();
  const a = node(store, clock);
  await a.scheduler.addIntervalTask({ name: 'code', action: 'h', interval: 60_000 });
  const v1 = file('jobs:\n  x: { type: interval, interval: 1m, initialDelay: 1m, handler: h }\n  y: { type: cron, cron: "0 4 * * *", timeZone: UTC, handler: h }\n');
  assert.equal(await applyJobs(a.scheduler, v1), { jobs: [{ name: 'x', result: 'created' }, { name: 'y', result: 'created' }], removed: [] });
  await clock.set(T0 + 25_000);
  // Another process loads the same file later: nothing changes, the grid stays.
  const b = node(store, clock);
  assert.equal((await applyJobs(b.scheduler, v1)).jobs.map((j) => j.result), ['unchanged', 'unchanged']);
  const v2 = file('jobs:\n  x: { type: interval, interval: 2m, initialDelay: 1m, handler: h }\n');
  assert.equal(await applyJobs(b.scheduler, v2), { jobs: [{ name: 'x', result: 'updated' }], removed: ['y'] });
  const infos = await a.scheduler.tasks();
  assert.equal(infos.map((t) => [t.name, t.source, t.nextRunAt]), [['code', 'api', new Date(T0)], ['x', 'file', new Date(T0 + 25_000 + 60_000)]]);
  assert.equal((await store.getSchedule('x'))?.source, 'file');
});

test('error handler and around run through the JobHooks given to the Scheduler; without it, the file is refused and nothing changes', async () => {
  const { clock, store } = world();
  const plain = node(store, clock);
  const jobs = file('jobs:\n  f: { type: interval, interval: 1m, handler: failing, errorHandler: notify }\n');
  try {
    await applyJobs(plain.scheduler, jobs);
    assert.unreachable();
  } catch (error) {
    assert.instance(error, JobFileError);
    assert.equal((error as JobFileError).problems.map((p) => [p.line, p.job, p.key, p.given]), [
      [2, 'f', 'errorHandler', 'no hooks option'],
      [2, 'f', 'errorHandler', '`"notify"` (string)'], // and it names no handler defined in this process
    ]);
  }
  assert.equal(await store.listSchedules(), []);
  const hooks = new JobHooks();
  const withHooks = node(store, clock, { around: hooks.around });
  const notified: string[] = [];
  withHooks.scheduler.define('failing', () => {
    throw new Error('boom');
  });
  withHooks.scheduler.define('notify', (error: unknown, job: { name: string }) => void notified.push(`${job.name}: ${(error as Error).message}`));
  await applyJobs(withHooks.scheduler, jobs, { hooks });
  assert.equal(hooks.names(), ['f']);
  withHooks.scheduler.start();
  await clock.advance(1000);
  await withHooks.scheduler.onIdle();
  assert.equal(notified, ['f: boom']);
  assert.equal((await withHooks.scheduler.tasks()).map((t) => [t.name, t.failures, t.source]), [['f', 1, 'file']]);
});

test.run();
