/**
 * Store-specific cases that run over both PostgresStore connections (a server and PGlite):
 * the same SQL, so the same answers. The shared contract suite (contract.ts) covers the Store
 * interface for every store; these pin what only the SQL store does (fencing by token, lease
 * recovery, maxInstances from the row, versions, NOTIFY).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { ClaimPlan, ClaimRequest, ScheduleRow, ScheduleSpec } from '../../lib/store/store.js';
import type { PostgresStore } from '../../lib/store/postgres/postgres-store.js';

export interface Opened {
  store: PostgresStore;
  close(): Promise<void>;
}

export function spec(name: string, extra: Partial<ScheduleSpec> = {}): ScheduleSpec {
  return { name, type: 'interval', options: { interval: 60_000 }, action: 'work', args: [], queue: 'default', source: 'api', ...extra };
}

/** A plan that runs the due slot and moves the grid on by `step` (so one claim empties the queue). */
export function runDue(step = 3_600_000): (schedule: ScheduleRow) => ClaimPlan {
  return (schedule) => ({ runs: [{ slot: schedule.nextRunAt!, kind: 'scheduled' }], nextRunAt: schedule.nextRunAt! + step, nextAtCompletion: false, missed: 0 });
}

export function claimRequest(instanceId: string, plan: ClaimRequest['plan'], extra: Partial<ClaimRequest> = {}): ClaimRequest {
  return { instanceId, queues: null, limit: 100, leaseMs: 30_000, plan, ...extra };
}

/** Waits (real time, bounded) until `check` holds. */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * `job`, due, claimed by instance 'dead' with a 1 ms lease, then recovered by 'alive' once the
 * lease ran out, under `onLost: 'retry'` with `maxAttempts`.
 */
async function loseRun(store: PostgresStore, maxAttempts: number) {
  await store.migrate();
  const now = await store.now();
  await store.upsertSchedule(spec('job'), now - 1);
  const [old] = (await store.claim(claimRequest('dead', runDue(), { leaseMs: 1 }))).runs;
  await eventually(async () => (await store.now()) > old!.leaseUntil, 2000, 'the lease to run out');
  const recovered = await store.recoverLost({ instanceId: 'alive', queues: null, limit: 10, leaseMs: 30_000, policy: () => ({ onLost: 'retry', maxAttempts }) });
  return { store, now, old, recovered };
}

export function postgresCases(label: string, open: () => Promise<Opened>): void {
  const test = suite<{ opened: Opened[] }>(`${label}: SQL store`, { opened: [] });
  const make = async (context: { opened: Opened[] }): Promise<PostgresStore> => {
    const opened = await open();
    context.opened.push(opened);
    return opened.store;
  };
  test.after.each(async (context) => {
    for (const opened of context.opened.splice(0)) await opened.close();
  });

  test('migrate is idempotent and records its version', async (context) => {
    const store = await make(context);
    assert.equal(await store.schemaVersion(), { current: 0, latest: 3 });
    await store.migrate();
    await store.migrate();
    assert.equal(await store.schemaVersion(), { current: 3, latest: 3 });
    const now = await store.now();
    assert.equal((await store.upsertSchedule(spec('a'), now)).result, 'created');
  });

  test('declaring again: unchanged keeps the grid; a new spec bumps the version and starts at firstSlot', async (context) => {
    const store = await make(context);
    await store.migrate();
    const first = await store.upsertSchedule(spec('a', { kw: { b: 1, a: 2 } }), 1_000_000);
    assert.is(first.schedule.nextRunAt, 1_000_000);
    assert.is(first.schedule.version, 1);
    assert.equal(first.schedule.kw, { b: 1, a: 2 });
    const again = await store.upsertSchedule(spec('a', { kw: { a: 2, b: 1 }, source: 'file' }), 2_000_000);
    assert.is(again.result, 'unchanged');
    assert.is(again.schedule.nextRunAt, 1_000_000);
    const changed = await store.upsertSchedule(spec('a', { options: { interval: 30_000 } }), 3_000_000);
    assert.is(changed.result, 'updated');
    assert.is(changed.schedule.nextRunAt, 3_000_000);
    assert.is(changed.schedule.version, 2);
    assert.equal(changed.schedule.options, { interval: 30_000 });
    assert.is(changed.schedule.kw, undefined);
  });

  test('claim runs the due slot once, writes the next slot, and a second claim finds nothing', async (context) => {
    const store = await make(context);
    await store.migrate();
    const now = await store.now();
    await store.upsertSchedule(spec('due'), now - 5);
    await store.upsertSchedule(spec('later'), now + 3_600_000);
    const first = await store.claim(claimRequest('i1', runDue(1000)));
    assert.equal(first.runs.map((r) => [r.schedule.name, r.slot, r.kind, r.attempt]), [['due', now - 5, 'scheduled', 1]]);
    assert.is(first.runs[0]!.schedule.nextRunAt, now + 995);
    assert.is(first.runs[0]!.schedule.state, 'running');
    assert.is((await store.claim(claimRequest('i1', runDue(1000)))).runs.length, 0);
    assert.is(await store.nextDueAt(null), now + 995);
  });

  test('maxInstances comes from the row and counts running runs; the rest are reported skipped', async (context) => {
    const store = await make(context);
    await store.migrate();
    const now = await store.now();
    await store.upsertSchedule(spec('one', { options: { interval: 1, maxInstances: 1 } }), now - 10);
    await store.upsertSchedule(spec('two', { options: { interval: 1, maxInstances: 2 } }), now - 10);
    // Each claim runs the due slot and leaves the next one due at once (one ms later).
    const again = (schedule: ScheduleRow): ClaimPlan => ({ runs: [{ slot: schedule.nextRunAt!, kind: 'scheduled' }], nextRunAt: schedule.nextRunAt! + 1, nextAtCompletion: false, missed: 0 });
    const first = await store.claim(claimRequest('i1', again));
    assert.equal(first.runs.map((r) => r.schedule.name).sort(), ['one', 'two']);
    const second = await store.claim(claimRequest('i2', again));
    assert.equal(second.runs.map((r) => r.schedule.name), ['two']);
    assert.equal(second.skipped, [{ name: 'one', slot: now - 9 }]);
  });

  test('a plan that throws marks the schedule failed, with no run and no next slot', async (context) => {
    const store = await make(context);
    await store.migrate();
    const now = await store.now();
    await store.upsertSchedule(spec('bad'), now - 1);
    const result = await store.claim(claimRequest('i1', () => { throw new Error('rule broke'); }));
    assert.is(result.runs.length, 0);
    const row = await store.getSchedule('bad');
    assert.is(row?.state, 'failed');
    assert.is(row?.nextRunAt, null);
  });

  test('fencing: after a lost lease is retried, the old token can neither heartbeat nor complete', async (context) => {
    const { store, now, old, recovered } = await loseRun(await make(context), 3);
    assert.is(recovered.failed.length, 0);
    const [retry] = recovered.retried;
    assert.ok(retry && old);
    assert.is(retry.id, old.id);
    assert.is(retry.attempt, 2);
    assert.is.not(retry.token, old.token);
    assert.equal(await store.heartbeat([{ id: old.id, token: old.token }, { id: retry.id, token: retry.token }], 30_000), [old.id]);
    assert.is(await store.complete(old, { status: 'success', finishedAt: now + 10 }), false);
    assert.is(await store.complete(retry, { status: 'error', finishedAt: now + 20, error: { name: 'Error', message: 'boom', stack: 'at x' } }), true);
    assert.is(await store.complete(retry, { status: 'success', finishedAt: now + 30 }), false);
    const [run] = await store.runs('job', 10);
    assert.is(run?.status, 'error');
    assert.is(run?.instanceId, 'alive');
    assert.equal(run?.attempts.map((a) => [a.attempt, a.instanceId, a.status]), [[1, 'dead', 'lost'], [2, 'alive', 'error']]);
    assert.equal(run?.attempts[1]?.error, { name: 'Error', message: 'boom', stack: 'at x' });
    const row = await store.getSchedule('job');
    assert.is(row?.failures, 1);
    assert.is(row?.lastOutcome?.status, 'error');
  });

  test("onLost 'fail' (or attempts used up) marks the run lost for good", async (context) => {
    const { store, now, old, recovered } = await loseRun(await make(context), 1);
    assert.equal(recovered, { retried: [], failed: [{ name: 'job', slot: now - 1, attempt: 1 }] });
    assert.is(await store.complete(old!, { status: 'success', finishedAt: now }), false);
    const [run] = await store.runs('job', 10);
    assert.is(run?.status, 'lost');
    const row = await store.getSchedule('job');
    assert.is(row?.lastOutcome?.status, 'lost');
    assert.is(row?.failures, 1);
    assert.is(row?.state, 'scheduled');
  });

  test("a manual run never takes the scheduled slot at the same instant, and is unique per instant", async (context) => {
    const store = await make(context);
    await store.migrate();
    const now = await store.now();
    await store.upsertSchedule(spec('job', { options: { interval: 60_000, maxInstances: 2 } }), now - 1);
    const [scheduled] = (await store.claim(claimRequest('i1', runDue()))).runs;
    const requested = await store.requestRun('job', now - 1);
    assert.is(requested?.kind, 'manual');
    const [manual] = (await store.claim(claimRequest('i1', runDue()))).runs;
    assert.is(manual?.kind, 'manual');
    assert.is(manual?.slot, scheduled?.slot);
    assert.is(await store.requestRun('job', now - 1), null);
  });

  test('sequential: next slot null while running, written at completion', async (context) => {
    const store = await make(context);
    await store.migrate();
    const now = await store.now();
    await store.upsertSchedule(spec('seq'), now - 1);
    const [run] = (await store.claim(claimRequest('i1', (s) => ({ runs: [{ slot: s.nextRunAt!, kind: 'scheduled' }], nextRunAt: s.nextRunAt! + 5, nextAtCompletion: true, missed: 0 })))).runs;
    assert.is(run?.schedule.nextRunAt, null);
    assert.is((await store.getSchedule('seq'))?.nextRunAt, null);
    assert.ok(await store.complete(run!, { status: 'success', finishedAt: now + 100 }, now + 5000));
    const row = await store.getSchedule('seq');
    assert.is(row?.nextRunAt, now + 5000);
    assert.is(row?.state, 'scheduled');
    assert.is(row?.lastOutcome?.durationMs, now + 100 - run!.startedAt);
  });

  test('pause keeps pausedAt = nextRunAt and hides the schedule from claims; resume restores it', async (context) => {
    const store = await make(context);
    await store.migrate();
    const now = await store.now();
    await store.upsertSchedule(spec('a'), now - 1);
    await store.upsertSchedule(spec('b', { queue: 'reports' }), now + 50_000);
    assert.is(await store.setPaused('a', true), 1);
    assert.is(await store.setPaused('a', true), 0);
    assert.is((await store.getSchedule('a'))?.pausedAt, now - 1);
    assert.is((await store.claim(claimRequest('i1', runDue()))).runs.length, 0);
    assert.is(await store.nextDueAt(null), now + 50_000);
    assert.is(await store.nextDueAt(['default']), null);
    assert.is(await store.setPaused(null, false, (s) => s.pausedAt! + 7), 1);
    const row = await store.getSchedule('a');
    assert.equal([row?.paused, row?.pausedAt, row?.nextRunAt, row?.state], [false, null, now + 6, 'scheduled']);
    assert.equal((await store.listSchedules(['reports'])).map((s) => s.name), ['b']);
  });

  test('prune keeps keepRuns per schedule, in batches', async (context) => {
    const store = await make(context);
    await store.migrate();
    const now = await store.now();
    await store.upsertSchedule(spec('job'), now - 10);
    for (let i = 0; i < 5; i++) {
      const [run] = (await store.claim(claimRequest('i1', (s) => ({ runs: [{ slot: s.nextRunAt!, kind: 'scheduled' }], nextRunAt: s.nextRunAt! + 1, nextAtCompletion: false, missed: 0 })))).runs;
      await store.complete(run!, { status: 'success', finishedAt: now + i });
    }
    assert.is(await store.prune({ keepRuns: 2, batch: 2 }), 2);
    assert.is(await store.prune({ keepRuns: 2, batch: 2 }), 1);
    assert.is(await store.prune({ keepRuns: 2, batch: 2 }), 0);
    assert.equal((await store.runs('job', 10)).map((r) => r.finishedAt), [now + 4, now + 3]);
    assert.is(await store.prune({ keepForMs: 0 }), 2);
  });

  test('deleting a schedule deletes its runs', async (context) => {
    const store = await make(context);
    await store.migrate();
    const now = await store.now();
    await store.upsertSchedule(spec('job'), now - 1);
    await store.claim(claimRequest('i1', runDue()));
    assert.is(await store.deleteSchedule('job'), true);
    assert.is(await store.deleteSchedule('job'), false);
    assert.equal(await store.runs('job', 10), []);
  });

  test('instances: register (upsert), list, remove tells subscribers', async (context) => {
    const store = await make(context);
    await store.migrate();
    const events: unknown[] = [];
    const unsubscribe = await store.subscribe((event) => events.push(event));
    await store.registerInstance({ id: 'x1', hostname: 'h', pid: 1, queues: null, handlers: ['a'], execute: true });
    await store.registerInstance({ id: 'x1', hostname: 'h', pid: 2, queues: ['q'], handlers: [], execute: false });
    assert.equal(await store.instances(), [{ id: 'x1', hostname: 'h', pid: 2, queues: ['q'], handlers: [], execute: false }]);
    await store.removeInstance('x1');
    assert.equal(await store.instances(), []);
    await eventually(() => events.length > 0, 5000, 'instance-left');
    assert.equal(events, [{ type: 'instance-left', id: 'x1' }]);
    await unsubscribe();
  });

  test.run();
}
