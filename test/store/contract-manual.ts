/** Store contract: manual runs (requestRun): pending rows that a claim starts like due slots. */
import * as assert from 'uvu/assert';
import { TaskNotFoundError } from '../../lib/errors.js';
import type { ScheduleRow, Store, StoreEvent } from '../../lib/store/store.js';
import { claimChecked, claimOne, due, passTime, request, spec, stepPlan, storeSuite, waitFor } from './contract-helpers.js';
import type { Open } from './contract-helpers.js';

export function manualContract(label: string, open: Open): void {
  const manual = storeSuite(`${label}: requestRun`, open);

  manual('a manual run is pending (no instance, lease or start) until a claim starts it; the grid is left alone', async ({ store }) => {
    const now = await store.now();
    await store.upsertSchedule(spec('a'), now + 60_000);
    const requested = await store.requestRun('a', now);
    assert.ok(requested);
    assert.equal({ ...requested, id: typeof requested.id }, { id: 'string', name: 'a', slot: now, kind: 'manual' });
    assert.equal((await store.runs('a', 10)).map(({ id: _id, ...run }) => run), [{
      name: 'a', slot: now, kind: 'manual', status: 'pending', attempt: 0, instanceId: null, startedAt: null, finishedAt: null, attempts: [],
    }]);
    const pending = (await store.getSchedule('a'))!;
    assert.equal([pending.runs, pending.nextRunAt, pending.state], [0, now + 60_000, 'scheduled']);
    assert.is(await store.nextDueAt(null), now);
    assert.is(await store.nextDueAt(['default']), now);
    assert.is(await store.nextDueAt(['other']), null);
    const { plan, calls } = stepPlan(60_000);
    const result = await claim_(store, plan, { instanceId: 'i7', leaseMs: 20_000 });
    assert.is(calls.length, 0, 'a schedule due only by its manual run is not planned');
    const [run] = result.runs;
    assert.ok(run);
    assert.equal([result.runs.length, run.id, run.slot, run.kind, run.attempt, run.leaseUntil - run.startedAt], [1, requested.id, now, 'manual', 1, 20_000]);
    assert.ok(run.startedAt >= now);
    assert.equal([run.schedule.nextRunAt, run.schedule.runs, run.schedule.state], [now + 60_000, 1, 'running']);
    assert.equal((await store.runs('a', 1)).map((r) => [r.kind, r.instanceId, r.status, r.attempt, r.startedAt]), [['manual', 'i7', 'running', 1, run.startedAt]]);
    assert.equal((await claim_(store, plan)).runs, [], 'started once');
    assert.is(await store.nextDueAt(null), now + 60_000);
  });

  manual('a manual run in the future is not claimed before its instant, and nextDueAt counts it', async (ctx) => {
    const { store } = ctx;
    const now = await store.now();
    await store.upsertSchedule(spec('a'), now + 60_000);
    await store.requestRun('a', now + 200);
    assert.equal((await claim_(store, stepPlan(60_000).plan)).runs, []);
    assert.is(await store.nextDueAt(null), now + 200);
    await passTime(ctx, now + 200);
    assert.equal((await claim_(store, stepPlan(60_000).plan)).runs.map((r) => [r.slot, r.kind]), [[now + 200, 'manual']]);
  });

  manual('a manual run is claimed only by a process serving its queue', async ({ store }) => {
    const now = await store.now();
    await store.upsertSchedule(spec('a', { queue: 'reports' }), now + 60_000);
    await store.requestRun('a', now);
    assert.equal((await claim_(store, stepPlan(60_000).plan, { queues: ['default'] })).runs, []);
    assert.equal((await claim_(store, stepPlan(60_000).plan, { queues: ['reports'] })).runs.map((r) => r.kind), ['manual']);
  });

  manual('a manual run of a paused schedule runs; the schedule stays paused and unplanned', async ({ store }) => {
    const slot = await due(store, 'a');
    await store.setPaused('a', true);
    await store.requestRun('a', slot);
    const { plan, calls } = stepPlan(60_000);
    const { runs: [run] } = await claim_(store, plan);
    assert.equal([run?.kind, calls.length], ['manual', 0]);
    const row = (await store.getSchedule('a'))!;
    assert.equal([row.paused, row.state, row.nextRunAt, row.runs], [true, 'paused', slot, 1]);
  });

  manual('a manual run at a scheduled slot’s instant coexists with it; a second manual one there does not', async ({ store }) => {
    const slot = await due(store, 'a', 1000, { options: { maxInstances: 3 } });
    await claim_(store, stepPlan(60_000).plan);
    assert.ok(await store.requestRun('a', slot));
    assert.is(await store.requestRun('a', slot), null);
    assert.equal((await claim_(store, stepPlan(60_000).plan)).runs.map((r) => [r.slot, r.kind]), [[slot, 'manual']]);
    assert.equal((await store.runs('a', 10)).map((r) => [r.slot, r.kind]).sort(), [[slot, 'manual'], [slot, 'scheduled']]);
    assert.is(await store.requestRun('a', slot), null, 'still taken once started');
    assert.is((await store.getSchedule('a'))!.runs, 2);
  });

  manual('a due slot and a manual run in one claim share maxInstances: the slot first, the manual run skipped and deleted', async ({ store }) => {
    const slot = await due(store, 'a');
    await store.requestRun('a', slot);
    const result = await claim_(store, stepPlan(60_000).plan);
    assert.equal(result.runs.map((r) => r.kind), ['scheduled']);
    assert.equal(result.skipped, [{ name: 'a', slot }]);
    assert.equal((await store.runs('a', 10)).map((r) => r.kind), ['scheduled']);
  });

  manual('a manual run due while maxInstances runs go on is skipped at the claim and deleted', async ({ store }) => {
    const run = await claimOne(store, 'a');
    const at = await store.now();
    assert.ok(await store.requestRun('a', at));
    const result = await claim_(store, stepPlan(60_000).plan);
    assert.equal([result.runs, result.skipped], [[], [{ name: 'a', slot: at }]]);
    const row = (await store.getSchedule('a'))!;
    assert.equal([row.runs, row.lastOutcome?.status, row.lastOutcome?.durationMs], [1, 'skipped', 0]);
    assert.is((await store.runs('a', 10)).length, 1);
    assert.is(await store.nextDueAt(null), row.nextRunAt);
    await store.complete(run, { status: 'success', finishedAt: at });
    assert.ok(await store.requestRun('a', at), 'the same instant may be asked for again');
    assert.equal((await claim_(store, stepPlan(60_000).plan)).runs.map((r) => [r.slot, r.kind]), [[at, 'manual']]);
  });

  manual('a pending run is not held: heartbeat and complete refuse it, recovery and prune leave it', async ({ store }) => {
    const now = await store.now();
    await store.upsertSchedule(spec('a'), now + 60_000);
    const requested = (await store.requestRun('a', now + 60_000))!;
    assert.equal(await store.heartbeat([{ id: requested.id, token: '' }], 60_000), [requested.id]);
    assert.is(await store.complete({ id: requested.id, token: '' }, { status: 'success', finishedAt: now }), false);
    assert.equal(await store.recoverLost({ instanceId: 'i2', queues: null, limit: 10, leaseMs: 1000, policy: () => ({ onLost: 'fail', maxAttempts: 1 }) }), { retried: [], failed: [] });
    assert.is(await store.prune({ keepRuns: 0, keepForMs: 0 }), 0);
    assert.equal((await store.runs('a', 10)).map((r) => r.status), ['pending']);
  });

  manual('skipNext moves the next regular slot on, in the same call; with no next slot it is not called', async ({ store }) => {
    const now = await store.now();
    await store.upsertSchedule(spec('a'), now + 60_000);
    const seen: Array<number | null> = [];
    const skipNext = (row: ScheduleRow): number | null => {
      seen.push(row.nextRunAt);
      return row.nextRunAt! + 60_000;
    };
    assert.ok(await store.requestRun('a', now, { skipNext }));
    assert.equal([seen, (await store.getSchedule('a'))!.nextRunAt], [[now + 60_000], now + 120_000]);
    await store.upsertSchedule(spec('b'), null);
    assert.ok(await store.requestRun('b', now, { skipNext }));
    assert.equal([seen.length, (await store.getSchedule('b'))!.nextRunAt], [1, null]);
    await store.upsertSchedule(spec('c'), now + 60_000);
    await store.setPaused('c', true);
    await store.requestRun('c', now, { skipNext });
    const paused = (await store.getSchedule('c'))!;
    assert.equal([paused.nextRunAt, paused.pausedAt, paused.state], [now + 120_000, now + 120_000, 'paused']);
    assert.ok(await store.requestRun('a', now + 1, { skipNext: () => null }));
    assert.equal([(await store.getSchedule('a'))!.nextRunAt, (await store.getSchedule('a'))!.state], [null, 'finished']);
  });

  manual('requestRun tells peers (run-requested, with the instant)', async ({ store }) => {
    const events: StoreEvent[] = [];
    const unsubscribe = await store.subscribe((event) => events.push(event));
    const now = await store.now();
    await store.upsertSchedule(spec('a'), now + 60_000);
    await store.requestRun('a', now + 5);
    await waitFor(() => events.some((e) => e.type === 'run-requested'), 'the run-requested event');
    assert.equal(events.filter((e) => e.type === 'run-requested'), [{ type: 'run-requested', name: 'a', at: now + 5 }]);
    await unsubscribe();
  });

  manual('a manual run of an unknown schedule rejects with TaskNotFoundError', async ({ store }) => {
    try {
      await store.requestRun('nope', await store.now());
      assert.unreachable('should reject');
    } catch (error) {
      assert.instance(error, TaskNotFoundError);
    }
  });

  manual.run();
}

const claim_ = (store: Store, plan: Parameters<typeof request>[0], overrides: Parameters<typeof request>[1] = {}) =>
  claimChecked(store, request(plan, overrides));
