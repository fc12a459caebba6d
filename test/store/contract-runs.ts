/** Store contract: leases (heartbeat), fencing (complete), recoverLost, runs() and prune. */
import * as assert from 'uvu/assert';
import type { ClaimRequest, RecoverRequest, Store } from '../../lib/store/store.js';
import { claimOne, due, fixedPlan, passTime, request, spec, startManual, stepPlan, storeSuite } from './contract-helpers.js';
import type { Open } from './contract-helpers.js';

const retry = (maxAttempts: number, nextRunAt?: number | null): RecoverRequest['policy'] =>
  () => (nextRunAt === undefined ? { onLost: 'retry', maxAttempts } : { onLost: 'retry', maxAttempts, nextRunAt });
const recover = (policy: RecoverRequest['policy'], overrides: Partial<RecoverRequest> = {}): RecoverRequest =>
  ({ instanceId: 'i2', queues: null, limit: 100, leaseMs: 60_000, policy, ...overrides });

export function runContract(label: string, open: Open): void {
  const lease = storeSuite(`${label}: heartbeat and complete`, open);

  lease('complete records the outcome on the run, its attempt and the schedule', async ({ store }) => {
    const run = await claimOne(store, 'a');
    assert.is(await store.complete(run, { status: 'success', finishedAt: run.startedAt + 250 }), true);
    assert.equal(await store.runs('a', 1), [{
      id: run.id, name: 'a', slot: run.slot, kind: 'scheduled', status: 'success', attempt: 1, instanceId: 'i1',
      startedAt: run.startedAt, finishedAt: run.startedAt + 250,
      attempts: [{ attempt: 1, instanceId: 'i1', startedAt: run.startedAt, finishedAt: run.startedAt + 250, status: 'success' }],
    }]);
    const row = (await store.getSchedule('a'))!;
    assert.equal(row.lastOutcome, { status: 'success', at: run.startedAt + 250, durationMs: 250, latenessMs: run.startedAt - run.slot });
    assert.equal([row.failures, row.runs, row.state], [0, 1, 'scheduled']);
  });

  lease('an error or a timeout is kept with its error and counts as a failure', async ({ store }) => {
    const error = { name: 'TypeError', message: 'boom', stack: 'TypeError: boom\n    at x' };
    const run = await claimOne(store, 'a');
    await store.complete(run, { status: 'error', finishedAt: run.startedAt + 5, error });
    assert.equal((await store.runs('a', 1))[0]!.attempts[0], { attempt: 1, instanceId: 'i1', startedAt: run.startedAt, finishedAt: run.startedAt + 5, status: 'error', error });
    assert.equal((await store.getSchedule('a'))!.lastOutcome, { status: 'error', at: run.startedAt + 5, durationMs: 5, latenessMs: run.startedAt - run.slot, error });
    const manual = await startManual(store, 'a');
    await store.complete(manual, { status: 'timeout', finishedAt: manual.startedAt + 9 });
    const row = (await store.getSchedule('a'))!;
    assert.equal([row.failures, row.lastOutcome?.status, row.lastOutcome?.error], [2, 'timeout', undefined]);
  });

  lease('complete with a stale token or twice is refused and changes nothing', async ({ store }) => {
    const run = await claimOne(store, 'a');
    const before = await store.runs('a', 10);
    const row = await store.getSchedule('a');
    assert.is(await store.complete({ id: run.id, token: 'not-the-token' }, { status: 'success', finishedAt: run.startedAt }), false);
    assert.is(await store.complete({ id: 'no-such-run', token: run.token }, { status: 'success', finishedAt: run.startedAt }), false);
    assert.equal(await store.runs('a', 10), before);
    assert.equal(await store.getSchedule('a'), row);
    assert.is(await store.complete(run, { status: 'success', finishedAt: run.startedAt }), true);
    assert.is(await store.complete(run, { status: 'error', finishedAt: run.startedAt + 1 }), false);
    assert.is((await store.runs('a', 1))[0]!.status, 'success');
  });

  lease('completeMany records every end in one call and returns the ids it did not record', async ({ store }) => {
    const now = await store.now();
    await store.upsertSchedule(spec('m', { options: { maxInstances: 3 } }), now - 2000);
    const plan = fixedPlan({ runs: [{ slot: now - 2000, kind: 'scheduled' }, { slot: now - 1000, kind: 'scheduled' }], nextRunAt: now + 60_000, nextAtCompletion: false, missed: 0 });
    const { runs: [m1, m2] } = await store.claim(request(plan));
    const a = await claimOne(store, 'a');
    const s = await claimOne(store, 's');
    const error = { name: 'Error', message: 'late', stack: 'Error: late' };
    // 's' written as a sequential schedule would be (its next slot at completion, into a gap).
    const sRow = (await store.getSchedule('s'))!;
    const fenced = await store.completeMany([
      { run: m1!, outcome: { status: 'error', finishedAt: m1!.startedAt + 5, error } },
      { run: { id: a.id, token: 'stale' }, outcome: { status: 'success', finishedAt: a.startedAt } },
      { run: { id: 'no-such-run', token: 'x' }, outcome: { status: 'success', finishedAt: a.startedAt } },
      { run: m2!, outcome: { status: 'success', finishedAt: m2!.startedAt + 7 } },
      { run: s, outcome: { status: 'timeout', finishedAt: s.startedAt + 3 }, nextRunAt: sRow.nextRunAt === null ? now + 5000 : undefined },
    ]);
    assert.equal(fenced, [a.id, 'no-such-run']);
    assert.equal((await store.runs('m', 2)).map((r) => r.status).sort(), ['error', 'success']);
    const m = (await store.getSchedule('m'))!;
    assert.equal([m.failures, m.runs, m.state, m.nextRunAt], [1, 2, 'scheduled', now + 60_000]);
    assert.equal(m.lastOutcome, { status: 'success', at: m2!.startedAt + 7, durationMs: 7, latenessMs: m2!.startedAt - m2!.slot }, 'the later end is the last outcome');
    assert.equal([(await store.runs('a', 1))[0]!.status, (await store.getSchedule('a'))!.state], ['running', 'running']);
    const sAfter = (await store.getSchedule('s'))!;
    assert.equal([sAfter.failures, sAfter.lastOutcome?.status, sAfter.state], [1, 'timeout', 'scheduled']);
    assert.equal(await store.completeMany([{ run: m1!, outcome: { status: 'success', finishedAt: now } }]), [m1!.id], 'twice: refused');
    assert.equal(await store.completeMany([]), []);
    assert.is(await store.complete(a, { status: 'success', finishedAt: a.startedAt }), true);
  });

  lease('completeMany writes a sequential schedule’s next slot into its gap', async ({ store }) => {
    const slot = await due(store, 'q');
    const { runs: [run] } = await store.claim(request(stepPlan(60_000, 'scheduled', true).plan));
    assert.equal(await store.completeMany([{ run: run!, outcome: { status: 'success', finishedAt: run!.startedAt + 10 }, nextRunAt: slot + 90_000 }]), []);
    const row = (await store.getSchedule('q'))!;
    assert.equal([row.nextRunAt, row.state, row.failures], [slot + 90_000, 'scheduled', 0]);
  });

  lease('heartbeat returns the ids no longer held: unknown, wrong token, finished', async ({ store }) => {
    const a = await claimOne(store, 'a');
    const b = await claimOne(store, 'b');
    await store.complete(b, { status: 'success', finishedAt: b.startedAt });
    const lost = await store.heartbeat([a, { id: a.id, token: 'stale' }, b, { id: 'no-such-run', token: 'x' }], 60_000);
    assert.equal(lost, [a.id, b.id, 'no-such-run']);
    assert.equal(await store.heartbeat([], 60_000), []);
  });

  lease('a heartbeat extends the lease from now, so the run is not recovered', async (ctx) => {
    const { store } = ctx;
    const run = await claimOne(store, 'a', 50);
    assert.equal(await store.heartbeat([run], 60_000), []);
    await passTime(ctx, run.leaseUntil);
    assert.equal(await store.recoverLost(recover(retry(3))), { retried: [], failed: [] });
    assert.is(await store.complete(run, { status: 'success', finishedAt: run.startedAt + 60 }), true);
  });

  const lost = storeSuite(`${label}: recoverLost`, open);

  lost('a live lease is left alone; at leaseUntil it still holds', async (ctx) => {
    const { store } = ctx;
    const run = await claimOne(store, 'a', 60_000);
    assert.equal(await store.recoverLost(recover(retry(3))), { retried: [], failed: [] });
    if (ctx.clock) {
      await ctx.clock.set(run.leaseUntil);
      assert.equal(await store.recoverLost(recover(retry(3))), { retried: [], failed: [] });
    }
  });

  lost('recoverLost takes only runs of the queues it is given (null: every queue)', async (ctx) => {
    const { store } = ctx;
    const run = await claimOne(store, 'a', 20, { queue: 'reports' });
    await passTime(ctx, run.leaseUntil);
    assert.equal(await store.recoverLost(recover(retry(3), { queues: ['default', 'mail'] })), { retried: [], failed: [] });
    assert.equal(await store.recoverLost(recover(() => ({ onLost: 'fail', maxAttempts: 1 }), { queues: ['mail'] })), { retried: [], failed: [] });
    assert.equal((await store.recoverLost(recover(retry(3), { queues: ['reports'] }))).retried.map((r) => [r.id, r.attempt]), [[run.id, 2]]);
    const other = await claimOne(store, 'b', 20, { queue: 'mail' });
    await passTime(ctx, other.leaseUntil);
    assert.equal((await store.recoverLost(recover(retry(3), { queues: null }))).retried.map((r) => r.id), [other.id]);
  });

  lost('retry: the same run becomes the next attempt of the recoverer under a new token; the lost attempt is kept', async (ctx) => {
    const { store } = ctx;
    const run = await claimOne(store, 'a', 20);
    await passTime(ctx, run.leaseUntil);
    const { retried, failed } = await store.recoverLost(recover(retry(2), { leaseMs: 30_000 }));
    assert.equal(failed, []);
    assert.is(retried.length, 1);
    const again = retried[0]!;
    assert.equal([again.id, again.slot, again.kind, again.attempt, again.leaseUntil - again.startedAt, again.schedule.name], [run.id, run.slot, 'scheduled', 2, 30_000, 'a']);
    assert.ok(again.token !== run.token && again.startedAt > run.leaseUntil);
    assert.equal(await store.runs('a', 1), [{
      id: run.id, name: 'a', slot: run.slot, kind: 'scheduled', status: 'running', attempt: 2, instanceId: 'i2', startedAt: again.startedAt, finishedAt: null,
      attempts: [
        { attempt: 1, instanceId: 'i1', startedAt: run.startedAt, finishedAt: again.startedAt, status: 'lost' },
        { attempt: 2, instanceId: 'i2', startedAt: again.startedAt, finishedAt: null, status: 'running' },
      ],
    }]);
    assert.is(await store.complete(run, { status: 'success', finishedAt: again.startedAt }), false, 'the old holder is fenced off');
    assert.equal(await store.heartbeat([run], 60_000), [run.id]);
    assert.is(await store.complete(again, { status: 'success', finishedAt: again.startedAt + 1 }), true);
    assert.equal((await store.getSchedule('a'))!.runs, 1, 'a retry is not a new run');
  });

  lost('retry stops at maxAttempts: the run is lost for good and the schedule records it', async (ctx) => {
    const { store } = ctx;
    const run = await claimOne(store, 'a', 20);
    await passTime(ctx, run.leaseUntil);
    const [again] = (await store.recoverLost(recover(retry(2), { leaseMs: 20 }))).retried;
    await passTime(ctx, again!.leaseUntil);
    const { retried, failed } = await store.recoverLost(recover(retry(2), { instanceId: 'i3' }));
    assert.equal([retried, failed], [[], [{ name: 'a', slot: run.slot, attempt: 2 }]]);
    const [row] = await store.runs('a', 1);
    assert.equal([row!.status, row!.attempt, row!.instanceId, row!.attempts.map((a) => [a.attempt, a.instanceId, a.status])],
      ['lost', 2, 'i2', [[1, 'i1', 'lost'], [2, 'i2', 'lost']]]);
    const lostAt = row!.finishedAt!;
    assert.equal(row!.attempts[1]!.finishedAt, lostAt);
    const schedule = (await store.getSchedule('a'))!;
    assert.equal(schedule.lastOutcome, { status: 'lost', at: lostAt, durationMs: lostAt - again!.startedAt, latenessMs: again!.startedAt - run.slot });
    assert.equal([schedule.failures, schedule.state], [1, 'scheduled']);
    assert.is(await store.complete(again!, { status: 'success', finishedAt: lostAt }), false);
  });

  lost("onLost 'fail' loses the run at once; a sequential schedule gets the next slot the policy gives", async (ctx) => {
    const { store } = ctx;
    const slot = await due(store, 'a');
    const { runs: [run] } = await store.claim(request(stepPlan(60_000, 'scheduled', true).plan, { leaseMs: 20 }));
    await passTime(ctx, run!.leaseUntil);
    const result = await store.recoverLost(recover(() => ({ onLost: 'fail', maxAttempts: 5, nextRunAt: slot + 60_000 })));
    assert.equal(result, { retried: [], failed: [{ name: 'a', slot, attempt: 1 }] });
    const row = (await store.getSchedule('a'))!;
    assert.equal([row.nextRunAt, row.state, row.failures, row.lastOutcome?.status], [slot + 60_000, 'scheduled', 1, 'lost']);
  });

  lost('recoverLost takes at most `limit` runs, longest expired first', async (ctx) => {
    const { store } = ctx;
    const a = await claimOne(store, 'a', 20);
    const b = await claimOne(store, 'b', 40);
    await passTime(ctx, Math.max(a.leaseUntil, b.leaseUntil));
    const first = await store.recoverLost(recover(retry(3), { limit: 1 }));
    assert.equal(first.retried.map((r) => r.schedule.name), [a.leaseUntil <= b.leaseUntil ? 'a' : 'b']);
    const second = await store.recoverLost(recover(retry(3), { limit: 1 }));
    assert.is(second.retried.length, 1);
    assert.equal(await store.recoverLost(recover(retry(3))), { retried: [], failed: [] });
  });

  const history = storeSuite(`${label}: runs and prune`, open);

  history('runs(name, limit) lists newest slot first, only that schedule', async ({ store }) => {
    const now = await store.now();
    await due(store, 'a', 10_000, { options: { maxInstances: 10 } });
    await due(store, 'b');
    await store.claim(request(byName(now, { a: [now - 9000, now - 7000, now - 8000], b: [now - 9000] })));
    assert.equal((await store.runs('a', 10)).map((r) => r.slot), [now - 7000, now - 8000, now - 9000]);
    assert.equal((await store.runs('a', 2)).map((r) => r.slot), [now - 7000, now - 8000]);
    assert.equal((await store.runs('b', 10)).map((r) => r.slot), [now - 9000]);
    assert.equal(await store.runs('nope', 10), []);
  });

  history('prune keeps the newest keepRuns finished runs per schedule and never touches running ones', async ({ store }) => {
    const now = await prepareHistory(store);
    assert.is(await store.prune({ keepRuns: 2 }), 3 + 1);
    assert.equal((await store.runs('a', 10)).map((r) => [r.slot, r.status]),
      [[now - 1000, 'running'], [now - 2000, 'success'], [now - 3000, 'error']]);
    assert.equal((await store.runs('b', 10)).map((r) => r.slot), [now - 1000, now - 2000]);
    assert.is(await store.prune({ keepRuns: 2 }), 0);
  });

  history('prune deletes finished runs that finished more than keepForMs ago', async ({ store }) => {
    const now = await prepareHistory(store);
    // a's finished 60, 50, 40, 30, 20 s ago; b's 30, 20, 10 s ago.
    assert.is(await store.prune({ keepForMs: 35_000 }), 3);
    assert.equal((await store.runs('a', 10)).map((r) => r.slot), [now - 1000, now - 2000, now - 3000]);
    assert.is((await store.runs('b', 10)).length, 3);
  });

  history('prune deletes at most `batch` runs per call, oldest first; no option prunes nothing', async ({ store }) => {
    const now = await prepareHistory(store);
    assert.is(await store.prune({}), 0);
    assert.is(await store.prune({ keepRuns: 0, batch: 3 }), 3);
    assert.equal((await store.runs('a', 10)).map((r) => r.slot), [now - 1000, now - 2000, now - 3000], "a's three oldest finishes went first");
    assert.is((await store.runs('b', 10)).length, 3);
    assert.equal([await store.prune({ keepRuns: 0, batch: 3 }), await store.prune({ keepRuns: 0, batch: 3 }), await store.prune({ keepRuns: 0, batch: 3 })], [3, 2, 0]);
    assert.equal((await store.runs('a', 10)).map((r) => r.slot), [now - 1000]);
    assert.equal(await store.runs('b', 10), []);
  });

  lease.run();
  lost.run();
  history.run();
}

/** Plans the given slots (kind scheduled) per schedule name; the next slot a minute after `now`. */
function byName(now: number, slots: Record<string, number[]>): ClaimRequest['plan'] {
  return (row) => ({ runs: (slots[row.name] ?? []).map((slot) => ({ slot, kind: 'scheduled' as const })), nextRunAt: now + 60_000, nextAtCompletion: false, missed: 0 });
}

/**
 * a: runs at slots now - d s for d = 6…1; d = 1 still running, the others finished 10·d s ago,
 * success for even d, error for odd d. b: slots d = 3…1, all successes, finished 10·d s ago.
 * Returns the store's now before all this.
 */
async function prepareHistory(store: Store): Promise<number> {
  const now = await store.now();
  await store.upsertSchedule(spec('a', { options: { maxInstances: 10 } }), now - 6000);
  await store.upsertSchedule(spec('b', { options: { maxInstances: 10 } }), now - 6000);
  const seconds = (...ds: number[]) => ds.map((d) => now - d * 1000);
  const { runs } = await store.claim(request(byName(now, { a: seconds(6, 5, 4, 3, 2, 1), b: seconds(3, 2, 1) })));
  assert.is(runs.length, 9);
  for (const run of runs) {
    const d = (now - run.slot) / 1000;
    if (run.schedule.name === 'a' && d === 1) continue;
    const status = run.schedule.name === 'b' || d % 2 === 0 ? 'success' : 'error';
    assert.ok(await store.complete(run, { status, finishedAt: now - d * 10_000 }));
  }
  return now;
}
