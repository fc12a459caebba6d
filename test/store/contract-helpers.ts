/**
 * Shared pieces of the store contract suite (contract.ts): the per-test context, spec and
 * plan builders, and time helpers that work whether the test drives the store's clock
 * (MemoryStore on a ManualClock) or the clock is the database's and only real time passes.
 */
import { suite } from 'uvu';
import type { Test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ClaimedRun, ClaimPlan, ClaimRequest, ClaimResult, ScheduleRow, ScheduleSpec, Store } from '../../lib/store/store.js';
import type { RunKind } from '../../lib/types.js';

/** A store's clock the suite may set (a ManualClock), or null when the clock is the database's. */
export interface SettableClock {
  set(ms: number): Promise<void> | void;
}

/** What `open()` gives the contract suite: a fresh, empty, migrated store. */
export interface OpenedStore {
  store: Store;
  clock?: SettableClock | null;
  close(): Promise<void>;
}

export type Open = () => Promise<OpenedStore>;

export interface StoreContext {
  store: Store;
  clock: SettableClock | null;
  close(): Promise<void>;
}

/** A uvu suite whose every test gets a fresh store in its context (closed after it). */
export function storeSuite(title: string, open: Open): Test<StoreContext> {
  const test = suite<StoreContext>(title, {} as StoreContext);
  test.before.each(async (ctx) => {
    const opened = await open();
    ctx.store = opened.store;
    ctx.clock = opened.clock ?? null;
    ctx.close = opened.close;
  });
  test.after.each(async (ctx) => {
    await ctx.close();
  });
  return test;
}

export function spec(name: string, overrides: Partial<ScheduleSpec> & { options?: Record<string, unknown> } = {}): ScheduleSpec {
  return {
    name, type: 'interval', options: { interval: 60_000 }, action: 'send-report', args: [1, 'two'],
    queue: 'default', source: 'api', ...overrides,
  };
}

/** Plans one run at the row's nextRunAt and moves the grid on by `step` (null: finished); records every call. */
export function stepPlan(step: number | null, kind: RunKind = 'scheduled', nextAtCompletion = false) {
  const calls: Array<{ row: ScheduleRow; now: number }> = [];
  const plan = (row: ScheduleRow, now: number): ClaimPlan => {
    calls.push({ row, now });
    const slot = row.nextRunAt!;
    return { runs: [{ slot, kind }], nextRunAt: step === null ? null : slot + step, nextAtCompletion, missed: 0 };
  };
  return { plan, calls };
}

/** Plans exactly what it is given, whatever the row says. */
export function fixedPlan(result: ClaimPlan) {
  return (_row: ScheduleRow, _now: number): ClaimPlan => ({ ...result, runs: result.runs.map((run) => ({ ...run })) });
}

export function request(plan: ClaimRequest['plan'], overrides: Partial<ClaimRequest> = {}): ClaimRequest {
  return { instanceId: 'i1', queues: null, limit: 100, leaseMs: 60_000, plan, ...overrides };
}

/**
 * A claim whose `nextDueAt`, when the store tells it, is what `nextDueAt` answers right after
 * (checked on every claim through this helper); returned without it, for exact comparisons.
 */
export async function claimChecked(store: Store, claimRequest: ClaimRequest): Promise<Omit<ClaimResult, 'nextDueAt'>> {
  const { nextDueAt, ...result } = await store.claim(claimRequest);
  if (nextDueAt !== undefined) assert.is(nextDueAt, await store.nextDueAt(claimRequest.queues), 'the claim\'s nextDueAt');
  return result;
}

/** Creates `name` due `ago` ms before the store's now; returns that slot. */
export async function due(store: Store, name: string, ago = 1000, overrides: Parameters<typeof spec>[1] = {}): Promise<number> {
  const slot = (await store.now()) - ago;
  await store.upsertSchedule(spec(name, overrides), slot);
  return slot;
}

/** Creates `name` due and claims its slot; returns the claimed run. */
export async function claimOne(store: Store, name: string, leaseMs = 60_000, overrides: Parameters<typeof spec>[1] = {}): Promise<ClaimedRun> {
  await due(store, name, 1000, overrides);
  const { runs } = await claimChecked(store, request(stepPlan(60_000).plan, { leaseMs, queues: [overrides.queue ?? 'default'] }));
  const run = runs.find((r) => r.schedule.name === name);
  if (!run) throw new Error(`claimOne: ${name} was not claimed`);
  return run;
}

/** Requests a manual run of `name` at `at` (default: now) and claims it as `instanceId`; returns the started run. */
export async function startManual(store: Store, name: string, at?: number, overrides: Partial<ClaimRequest> = {}): Promise<ClaimedRun> {
  const requested = await store.requestRun(name, at ?? (await store.now()));
  if (!requested) throw new Error(`startManual: ${name} has a manual run at that instant already`);
  const { runs } = await claimChecked(store, request(stepPlan(60_000).plan, overrides));
  const run = runs.find((r) => r.id === requested.id);
  if (!run) throw new Error(`startManual: the manual run of ${name} was not started`);
  return run;
}

/** Makes the store's clock pass `instant`: sets it when the test owns it, else polls (bounded) until it has. */
export async function passTime(ctx: StoreContext, instant: number): Promise<void> {
  if (ctx.clock) {
    await ctx.clock.set(instant + 1);
    return;
  }
  await waitFor(async () => (await ctx.store.now()) > instant, `the store's clock to pass ${instant}`);
}

/** Polls `check` every 5 ms for up to `ms` (notifications through PostgreSQL are asynchronous). */
export async function waitFor(check: () => boolean | Promise<boolean>, what: string, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Instants are whole epoch ms in the store's clock. */
export function isInstant(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value);
}
