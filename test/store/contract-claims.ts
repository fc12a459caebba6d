/** Store contract: claim (due, order, limit, queues, exactly once, maxInstances, plans) and requestRun. */
import * as assert from 'uvu/assert';
import { claimChecked, due, fixedPlan, isInstant, request, spec, stepPlan, storeSuite } from './contract-helpers.js';
import type { Open } from './contract-helpers.js';

export function claimContract(label: string, open: Open): void {
  const claim = storeSuite(`${label}: claim`, open);

  claim('a due slot becomes one running run held by the claimer; the next slot is written', async ({ store }) => {
    const slot = await due(store, 'a');
    const { plan, calls } = stepPlan(60_000);
    const result = await claim_(store, plan, { leaseMs: 30_000 });
    assert.is(calls.length, 1);
    const now = calls[0]!.now;
    assert.ok(isInstant(now) && now >= slot + 1000);
    assert.equal([calls[0]!.row.name, calls[0]!.row.nextRunAt, calls[0]!.row.state], ['a', slot, 'scheduled']);
    assert.equal(result.missed, []);
    assert.equal(result.skipped, []);
    assert.is(result.runs.length, 1);
    const run = result.runs[0]!;
    assert.equal([run.slot, run.kind, run.attempt, run.startedAt, run.leaseUntil], [slot, 'scheduled', 1, now, now + 30_000]);
    assert.ok(typeof run.token === 'string' && run.token.length > 0 && typeof run.id === 'string');
    assert.equal([run.schedule.nextRunAt, run.schedule.runs, run.schedule.state], [slot + 60_000, 1, 'running']);
    assert.equal(await store.getSchedule('a'), run.schedule);
    assert.equal(await store.runs('a', 10), [{
      id: run.id, name: 'a', slot, kind: 'scheduled', status: 'running', attempt: 1, instanceId: 'i1', startedAt: now, finishedAt: null,
      attempts: [{ attempt: 1, instanceId: 'i1', startedAt: now, finishedAt: null, status: 'running' }],
    }]);
  });

  claim('a slot in the future is not due: plan is not called', async ({ store }) => {
    await store.upsertSchedule(spec('a'), (await store.now()) + 60_000);
    await store.upsertSchedule(spec('b'), null);
    const { plan, calls } = stepPlan(1000);
    assert.equal(await claim_(store, plan), { runs: [], missed: [], skipped: [] });
    assert.is(calls.length, 0);
  });

  claim('due schedules are taken by nextRunAt then name, at most `limit`', async ({ store }) => {
    const now = await store.now();
    await store.upsertSchedule(spec('c'), now - 3000);
    await store.upsertSchedule(spec('b'), now - 2000);
    await store.upsertSchedule(spec('a'), now - 2000);
    await store.upsertSchedule(spec('d'), now - 1000);
    const { plan, calls } = stepPlan(3_600_000);
    const first = await claim_(store, plan, { limit: 3 });
    assert.equal(calls.map((c) => c.row.name), ['c', 'a', 'b']);
    assert.equal(first.runs.map((r) => r.schedule.name), ['c', 'a', 'b']);
    const second = await claim_(store, plan, { limit: 3 });
    assert.equal(second.runs.map((r) => r.schedule.name), ['d']);
  });

  claim('only the given queues are claimed; null claims every queue', async ({ store }) => {
    await due(store, 'a', 1000, { queue: 'reports' });
    await due(store, 'b', 1000, { queue: 'mail' });
    await due(store, 'c');
    const { plan } = stepPlan(3_600_000);
    assert.equal((await claim_(store, plan, { queues: ['reports', 'nothing'] })).runs.map((r) => r.schedule.name), ['a']);
    assert.equal((await claim_(store, plan, { queues: [] })).runs, []);
    assert.equal((await claim_(store, plan, { queues: null })).runs.map((r) => r.schedule.name).sort(), ['b', 'c']);
  });

  claim('two instances claiming at once get one run between them', async ({ store }) => {
    const slot = await due(store, 'a');
    const [one, two] = await Promise.all([
      claim_(store, stepPlan(60_000).plan, { instanceId: 'i1' }),
      claim_(store, stepPlan(60_000).plan, { instanceId: 'i2' }),
    ]);
    const runs = [...one.runs, ...two.runs];
    assert.is(runs.length, 1);
    assert.equal([runs[0]!.slot, runs[0]!.schedule.runs], [slot, 1]);
    assert.is((await store.runs('a', 10)).length, 1);
    assert.is((await store.getSchedule('a'))!.nextRunAt, slot + 60_000);
  });

  claim('a (schedule, slot, kind) that has a run gets no second one, even when the plan asks again', async ({ store }) => {
    const slot = await due(store, 'a', 1000, { options: { maxInstances: 5 } });
    const again = fixedPlan({ runs: [{ slot, kind: 'scheduled' }], nextRunAt: slot, nextAtCompletion: false, missed: 0 });
    assert.is((await claim_(store, again)).runs.length, 1);
    assert.equal(await claim_(store, again), { runs: [], missed: [], skipped: [] });
    assert.is((await store.getSchedule('a'))!.runs, 1);
  });

  claim('catch-up slots run with kind catchup; passed-over slots are reported as missed', async ({ store }) => {
    const now = await store.now();
    await store.upsertSchedule(spec('a', { options: { maxInstances: 3 } }), now - 5000);
    await store.upsertSchedule(spec('b'), now - 5000);
    const plan = fixedPlan({ runs: [{ slot: now - 4000, kind: 'catchup' }, { slot: now - 2000, kind: 'catchup' }], nextRunAt: now + 1000, nextAtCompletion: false, missed: 3 });
    const result = await claim_(store, plan, { queues: ['default'] });
    assert.equal(result.runs.map((r) => [r.schedule.name, r.slot, r.kind]),
      [['a', now - 4000, 'catchup'], ['a', now - 2000, 'catchup'], ['b', now - 4000, 'catchup']]);
    assert.equal(result.skipped, [{ name: 'b', slot: now - 2000 }]);
    assert.equal(result.missed, [{ name: 'a', count: 3 }, { name: 'b', count: 3 }]);
    assert.is((await store.getSchedule('a'))!.runs, 2);
  });

  claim('with maxInstances runs going on, a due slot is skipped and the next slot still written', async ({ store }) => {
    const slot = await due(store, 'a', 10_000);
    const { plan, calls } = stepPlan(1000);
    const first = await claim_(store, plan);
    assert.is(first.runs.length, 1);
    const second = await claim_(store, plan);
    const now = calls[1]!.now;
    assert.equal(second, { runs: [], missed: [], skipped: [{ name: 'a', slot: slot + 1000 }] });
    const row = (await store.getSchedule('a'))!;
    assert.equal([row.nextRunAt, row.runs, row.state], [slot + 2000, 1, 'running']);
    assert.equal(row.lastOutcome, { status: 'skipped', at: now, durationMs: 0, latenessMs: now - slot - 1000 });
    await store.complete(first.runs[0]!, { status: 'success', finishedAt: now });
    assert.is((await claim_(store, plan)).runs.length, 1, 'once the run ended, the next slot runs');
  });

  claim('maxInstances 2 lets two runs go on and skips the third', async ({ store }) => {
    const now = await store.now();
    await store.upsertSchedule(spec('a', { options: { maxInstances: 2 } }), now - 3000);
    const plan = fixedPlan({ runs: [{ slot: now - 3000, kind: 'scheduled' }, { slot: now - 2000, kind: 'scheduled' }, { slot: now - 1000, kind: 'scheduled' }], nextRunAt: now + 1000, nextAtCompletion: false, missed: 0 });
    const result = await claim_(store, plan);
    assert.equal(result.runs.map((r) => r.slot), [now - 3000, now - 2000]);
    assert.equal(result.skipped, [{ name: 'a', slot: now - 1000 }]);
  });

  claim('nextAtCompletion: nextRunAt is null while the run goes on, and complete writes it', async ({ store }) => {
    const slot = await due(store, 'a');
    const { runs: [run] } = await claim_(store, stepPlan(60_000, 'scheduled', true).plan);
    assert.equal([run!.schedule.nextRunAt, run!.schedule.state], [null, 'running']);
    assert.is(await store.nextDueAt(null), null);
    assert.equal((await claim_(store, stepPlan(1).plan)).runs, []);
    assert.is(await store.complete(run!, { status: 'success', finishedAt: run!.startedAt + 10 }, slot + 90_000), true);
    const row = (await store.getSchedule('a'))!;
    assert.equal([row.nextRunAt, row.state], [slot + 90_000, 'scheduled']);
    assert.is(await store.nextDueAt(null), slot + 90_000);
  });

  claim('nextAtCompletion with no run inserted (skipped) writes the plan’s next slot', async ({ store }) => {
    const slot = await due(store, 'a');
    // A run of another slot holds the one instance; the schedule stays due at `slot`.
    const { runs: [other] } = await claim_(store, fixedPlan({ runs: [{ slot: slot - 500, kind: 'catchup' }], nextRunAt: slot, nextAtCompletion: false, missed: 0 }));
    assert.ok(other);
    const result = await claim_(store, stepPlan(60_000, 'scheduled', true).plan);
    assert.equal(result.skipped, [{ name: 'a', slot }]);
    assert.is((await store.getSchedule('a'))!.nextRunAt, slot + 60_000);
  });

  claim('among schedules due at the same instant, lower priority is claimed first', async ({ store }) => {
    const slot = (await store.now()) - 1000;
    await store.upsertSchedule(spec('a', { options: { interval: 60_000, priority: 5 } }), slot);
    await store.upsertSchedule(spec('b', { options: { interval: 60_000, priority: -1 } }), slot);
    await store.upsertSchedule(spec('c'), slot);
    const order: string[] = [];
    for (let i = 0; i < 3; i++) order.push(...(await claim_(store, stepPlan(60_000).plan, { limit: 1 })).runs.map((r) => r.schedule.name));
    assert.equal(order, ['b', 'c', 'a']);
  });

  claim('a plan with no runs and no next slot finishes the schedule', async ({ store }) => {
    await due(store, 'a');
    const result = await claim_(store, fixedPlan({ runs: [], nextRunAt: null, nextAtCompletion: false, missed: 0 }));
    assert.equal(result, { runs: [], missed: [], skipped: [] });
    const row = (await store.getSchedule('a'))!;
    assert.equal([row.nextRunAt, row.state, row.runs], [null, 'finished', 0]);
  });

  claim('the last run of a finished schedule leaves it finished when it completes', async ({ store }) => {
    await due(store, 'a');
    const { runs: [run] } = await claim_(store, stepPlan(null).plan);
    assert.equal([run!.schedule.nextRunAt, run!.schedule.state], [null, 'running']);
    await store.complete(run!, { status: 'success', finishedAt: run!.startedAt });
    assert.is((await store.getSchedule('a'))!.state, 'finished');
  });

  claim.run();
}

const claim_ = (store: import('../../lib/store/store.js').Store, plan: Parameters<typeof request>[0], overrides: Parameters<typeof request>[1] = {}) =>
  claimChecked(store, request(plan, overrides));
