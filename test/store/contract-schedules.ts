/** Store contract: declaring, reading, deleting and pausing schedules, and nextDueAt. */
import * as assert from 'uvu/assert';
import type { ScheduleRow } from '../../lib/store/store.js';
import { claimChecked, claimOne, due, isInstant, request, spec, stepPlan, storeSuite } from './contract-helpers.js';
import type { Open } from './contract-helpers.js';

export function scheduleContract(label: string, open: Open): void {
  const upsert = storeSuite(`${label}: upsertSchedule`, open);

  upsert('a new name is created with fresh state at firstSlot', async ({ store }) => {
    const before = await store.now();
    const { result, schedule } = await store.upsertSchedule(spec('a', { kw: { to: 'ops' } }), before + 5000);
    const after = await store.now();
    assert.is(result, 'created');
    assert.ok(isInstant(schedule.createdAt) && schedule.createdAt >= before && schedule.createdAt <= after);
    assert.equal(schedule, {
      ...spec('a', { kw: { to: 'ops' } }), nextRunAt: before + 5000, paused: false, pausedAt: null, state: 'scheduled',
      runs: 0, failures: 0, lastOutcome: null, version: 1, createdAt: schedule.createdAt, updatedAt: schedule.createdAt,
    });
    assert.equal(await store.getSchedule('a'), schedule);
  });

  upsert('created with no first slot is finished', async ({ store }) => {
    const { schedule } = await store.upsertSchedule(spec('done', { type: 'single' }), null);
    assert.is(schedule.nextRunAt, null);
    assert.is(schedule.state, 'finished');
  });

  upsert('the same spec again (keys reordered, another source, another firstSlot) is unchanged and changes nothing', async ({ store }) => {
    const { schedule: first } = await store.upsertSchedule(spec('a', { options: { interval: 1000, timeZone: 'UTC' }, kw: { x: 1, y: 2 } }), 10_000);
    const reordered = { source: 'file', queue: 'default', kw: { y: 2, x: 1 }, args: [1, 'two'], action: 'send-report', options: { timeZone: 'UTC', interval: 1000 }, type: 'interval' as const, name: 'a' };
    const again = await store.upsertSchedule(reordered, 99_000);
    assert.is(again.result, 'unchanged');
    assert.equal(again.schedule, first);
    assert.equal(await store.getSchedule('a'), first);
  });

  upsert('a changed spec is updated: new spec and firstSlot, version + 1, counts and createdAt kept', async ({ store }) => {
    const run = await claimOne(store, 'a');
    await store.complete(run, { status: 'error', finishedAt: run.startedAt + 5, error: { name: 'Error', message: 'x' } });
    const before = (await store.getSchedule('a'))!;
    const changed = spec('a', { options: { interval: 30_000 }, queue: 'reports', args: [], source: 'file' });
    const { result, schedule } = await store.upsertSchedule(changed, 777_000);
    assert.is(result, 'updated');
    assert.equal(schedule, {
      ...changed, nextRunAt: 777_000, paused: false, pausedAt: null, state: 'scheduled', runs: 1, failures: 1,
      lastOutcome: before.lastOutcome, version: 2, createdAt: before.createdAt, updatedAt: schedule.updatedAt,
    });
    assert.ok(schedule.updatedAt >= before.updatedAt);
  });

  upsert('each spec field counts: type, action, args, kw, queue, options', async ({ store }) => {
    await store.upsertSchedule(spec('a'), 1000);
    const changes = [
      spec('a', { type: 'cron' }), spec('a', { type: 'cron', action: { module: './jobs.js', export: 'run' } }),
      spec('a', { type: 'cron', action: { module: './jobs.js', export: 'run' }, args: [2] }),
      spec('a', { type: 'cron', action: { module: './jobs.js', export: 'run' }, args: [2], kw: { a: 1 } }),
      spec('a', { type: 'cron', action: { module: './jobs.js', export: 'run' }, args: [2] }),
      spec('a', { type: 'cron', action: { module: './jobs.js', export: 'run' }, args: [2], queue: 'q' }),
      spec('a', { type: 'cron', action: { module: './jobs.js', export: 'run' }, args: [2], queue: 'q', options: { cron: '* * * * *' } }),
    ];
    const results = [];
    for (const change of changes) results.push((await store.upsertSchedule(change, 1000)).result);
    assert.equal(results, Array(changes.length).fill('updated'));
    const row = (await store.getSchedule('a'))!;
    assert.is(row.version, changes.length + 1);
    assert.is(row.kw, undefined, 'a kw taken away is gone');
  });

  const rows = storeSuite(`${label}: getSchedule, listSchedules, deleteSchedule`, open);

  rows('getSchedule of an unknown name is null', async ({ store }) => {
    assert.is(await store.getSchedule('nope'), null);
  });

  rows('listSchedules lists by name, filtered by queue', async ({ store }) => {
    await store.upsertSchedule(spec('b', { queue: 'reports' }), 1000);
    await store.upsertSchedule(spec('c'), 1000);
    await store.upsertSchedule(spec('a', { queue: 'mail' }), 1000);
    const names = (list: ScheduleRow[]) => list.map((row) => row.name);
    assert.equal(names(await store.listSchedules()), ['a', 'b', 'c']);
    assert.equal(names(await store.listSchedules(null)), ['a', 'b', 'c']);
    assert.equal(names(await store.listSchedules(['reports', 'default'])), ['b', 'c']);
    assert.equal(names(await store.listSchedules([])), []);
  });

  rows('deleteSchedule deletes the schedule and its runs; the name can be declared afresh', async ({ store }) => {
    const run = await claimOne(store, 'a');
    await claimOne(store, 'b');
    assert.is(await store.deleteSchedule('a'), true);
    assert.is(await store.deleteSchedule('a'), false);
    assert.is(await store.getSchedule('a'), null);
    assert.equal(await store.runs('a', 10), []);
    assert.is((await store.runs('b', 10)).length, 1, "other schedules' runs stay");
    assert.is(await store.complete(run, { status: 'success', finishedAt: run.startedAt }), false, 'a deleted run cannot complete');
    await store.upsertSchedule(spec('a'), run.slot);
    const again = await store.claim(request(stepPlan(60_000).plan));
    assert.equal(again.runs.map((r) => [r.schedule.name, r.slot, r.schedule.runs]), [['a', run.slot, 1]], 'its old slot is free again');
  });

  const pause = storeSuite(`${label}: setPaused and nextDueAt`, open);

  pause('pausing keeps pausedAt = nextRunAt; pausing again or an unknown name changes nothing', async ({ store }) => {
    const slot = await due(store, 'a', -5000);
    assert.is(await store.setPaused('a', true), 1);
    const row = (await store.getSchedule('a'))!;
    assert.equal([row.paused, row.pausedAt, row.nextRunAt, row.state], [true, slot, slot, 'paused']);
    assert.is(await store.setPaused('a', true), 0);
    assert.is(await store.setPaused('nope', true), 0);
    assert.is(await store.setPaused('nope', false), 0);
  });

  pause('a paused schedule is neither claimed nor counted by nextDueAt', async ({ store }) => {
    await due(store, 'a');
    await store.setPaused('a', true);
    const { plan, calls } = stepPlan(1000);
    assert.equal(await claimChecked(store, request(plan)), { runs: [], missed: [], skipped: [] });
    assert.is(calls.length, 0);
    assert.is(await store.nextDueAt(null), null);
  });

  pause('resuming without resumeAt keeps nextRunAt', async ({ store }) => {
    const slot = await due(store, 'a');
    await store.setPaused('a', true);
    assert.is(await store.setPaused('a', false), 1);
    const row = (await store.getSchedule('a'))!;
    assert.equal([row.paused, row.pausedAt, row.nextRunAt, row.state], [false, null, slot, 'scheduled']);
    assert.is(await store.setPaused('a', false), 0);
  });

  pause('resuming with resumeAt writes what it returns for the paused row', async ({ store }) => {
    const slot = await due(store, 'a');
    await store.setPaused('a', true);
    const seen: Array<[boolean, number | null, number]> = [];
    const changed = await store.setPaused('a', false, (row, now) => {
      seen.push([row.paused, row.pausedAt, now]);
      return now + 42_000;
    });
    assert.is(changed, 1);
    assert.is(seen.length, 1);
    assert.equal(seen[0]!.slice(0, 2), [true, slot]);
    assert.is((await store.getSchedule('a'))!.nextRunAt, seen[0]![2] + 42_000);
  });

  pause('setPaused(null) pauses and resumes every schedule, counting those that changed', async ({ store }) => {
    await due(store, 'a');
    await due(store, 'b');
    await due(store, 'c');
    await store.setPaused('b', true);
    assert.is(await store.setPaused(null, true), 2);
    assert.equal((await store.listSchedules()).map((r) => r.state), ['paused', 'paused', 'paused']);
    assert.is(await store.setPaused(null, false), 3);
    assert.equal((await store.listSchedules()).map((r) => r.state), ['scheduled', 'scheduled', 'scheduled']);
  });

  pause('nextDueAt is the earliest nextRunAt among unpaused schedules in the queues', async ({ store }) => {
    assert.is(await store.nextDueAt(null), null);
    await store.upsertSchedule(spec('a', { queue: 'mail' }), 3000);
    await store.upsertSchedule(spec('b'), 5000);
    await store.upsertSchedule(spec('c'), 2000);
    await store.upsertSchedule(spec('d'), null);
    await store.setPaused('c', true);
    assert.is(await store.nextDueAt(null), 3000);
    assert.is(await store.nextDueAt(['default']), 5000);
    assert.is(await store.nextDueAt(['reports']), null);
    assert.is(await store.nextDueAt([]), null);
  });

  for (const suite of [upsert, rows, pause]) suite.run();
}
