/**
 * The in-memory Store: the reference implementation of every rule in store.ts, which the
 * PostgreSQL store must match (one contract suite runs over both). Not durable: the rows
 * live as long as the object. Each method's body runs without awaiting, so a method is one
 * atomic step, as a transaction is in SQL (two claims at once cannot both take a slot).
 */
import { invalidType, TaskNotFoundError } from '../errors.js';
import { systemClock } from '../internal/clock.js';
import type { Clock } from '../types.js';
import { copyError, copyRun, MemoryRuns, newestFirst } from './memory-runs.js';
import { claimDue, writeNext } from './memory-claims.js';
import type { Entry } from './memory-claims.js';
import { MemoryPeers } from './memory-peers.js';
import { checkCount, checkLease, checkRequestOptions, claimed, clone, compareText, specOf } from './memory-rows.js';
import { sameSpec } from './store.js';
import type {
  ClaimRequest, ClaimResult, InstanceInfo, PruneOptions, RecoverRequest, RecoverResult,
  RequestedRun, RequestRunOptions, RunEnd, RunOutcome, RunRow, ScheduleRow, ScheduleSpec, Store, StoreEvent, UpsertResult,
} from './store.js';

export interface MemoryStoreOptions {
  /** Where `now()` comes from. @default the system clock */
  clock?: Clock;
}


export class MemoryStore implements Store {
  readonly durable = false;
  readonly #clock: Clock;
  readonly #schedules = new Map<string, Entry>();
  readonly #runs = new MemoryRuns();
  readonly #peers = new MemoryPeers();

  constructor({ clock = systemClock }: MemoryStoreOptions = {}) {
    this.#clock = clock;
  }

  async migrate(): Promise<void> {}

  async close(): Promise<void> {
    this.#peers.clear();
  }

  async now(): Promise<number> {
    return this.#clock.now();
  }

  async upsertSchedule(spec: ScheduleSpec, firstSlot: number | null): Promise<{ result: UpsertResult; schedule: ScheduleRow }> {
    if (typeof spec?.name !== 'string' || spec.name === '') throw invalidType('spec.name', 'a non-empty string', spec?.name);
    if (firstSlot !== null && !Number.isFinite(firstSlot)) throw invalidType('firstSlot', 'an instant (epoch ms) or null', firstSlot);
    const now = this.#clock.now();
    const entry = this.#schedules.get(spec.name);
    if (entry && sameSpec(entry.row, spec)) return { result: 'unchanged', schedule: clone(entry.row) };
    const declared = clone(specOf(spec));
    if (!entry) {
      const row: ScheduleRow = {
        ...declared, nextRunAt: firstSlot, paused: false, pausedAt: null, state: 'scheduled',
        runs: 0, failures: 0, lastOutcome: null, version: 1, createdAt: now, updatedAt: now,
      };
      const created: Entry = { row, failed: false };
      this.#settle(created);
      this.#schedules.set(spec.name, created);
      return { result: 'created', schedule: clone(row) };
    }
    const row = entry.row;
    Object.assign(row, declared, { nextRunAt: firstSlot, version: row.version + 1, updatedAt: now });
    if (declared.kw === undefined) delete row.kw;
    if (row.paused) row.pausedAt = firstSlot;
    entry.failed = false;
    this.#settle(entry);
    return { result: 'updated', schedule: clone(row) };
  }

  async getSchedule(name: string): Promise<ScheduleRow | null> {
    const entry = this.#schedules.get(name);
    return entry ? clone(entry.row) : null;
  }

  async listSchedules(queues: readonly string[] | null = null): Promise<ScheduleRow[]> {
    return [...this.#schedules.values()]
      .filter(({ row }) => queues === null || queues.includes(row.queue))
      .map(({ row }) => clone(row))
      .sort((a, b) => compareText(a.name, b.name));
  }

  async deleteSchedule(name: string): Promise<boolean> {
    if (!this.#schedules.delete(name)) return false;
    this.#runs.deleteSchedule(name);
    return true;
  }

  async setPaused(name: string | null, paused: boolean, resumeAt?: (schedule: ScheduleRow, now: number) => number | null): Promise<number> {
    const now = this.#clock.now();
    const entries = name === null ? [...this.#schedules.values()] : [this.#schedules.get(name)].filter((e) => e !== undefined);
    let changed = 0;
    for (const entry of entries) {
      const row = entry.row;
      if (row.paused === paused) continue;
      if (paused) {
        row.pausedAt = row.nextRunAt;
      } else {
        if (resumeAt) {
          row.nextRunAt = resumeAt(clone(row), now);
          entry.failed = false;
        }
        row.pausedAt = null;
      }
      row.paused = paused;
      row.updatedAt = now;
      this.#settle(entry);
      changed++;
    }
    return changed;
  }

  async nextDueAt(queues: readonly string[] | null): Promise<number | null> {
    let earliest: number | null = null;
    for (const { row } of this.#schedules.values()) {
      if (queues !== null && !queues.includes(row.queue)) continue;
      const pending = this.#runs.firstPending(row.name);
      for (const at of [row.paused ? null : row.nextRunAt, pending ?? null]) {
        if (at !== null && (earliest === null || at < earliest)) earliest = at;
      }
    }
    return earliest;
  }

  async claim(request: ClaimRequest): Promise<ClaimResult> {
    checkCount('limit', request.limit);
    checkLease(request.leaseMs);
    return claimDue(this.#schedules.values(), this.#runs, request, this.#clock.now(), (entry) => this.#settle(entry));
  }

  async requestRun(name: string, at: number, options: RequestRunOptions = {}): Promise<RequestedRun | null> {
    if (!Number.isFinite(at)) throw invalidType('at', 'an instant (epoch ms)', at);
    checkRequestOptions(options);
    const entry = this.#schedules.get(name);
    if (!entry) throw new TaskNotFoundError(name, 'run');
    const run = this.#runs.insertPending(name, at);
    if (!run) return null;
    const row = entry.row;
    if (options.skipNext && row.nextRunAt !== null) {
      writeNext(row, options.skipNext(clone(row), this.#clock.now()));
      this.#settle(entry);
    }
    this.#peers.notify({ type: 'run-requested', name, at });
    return { id: run.id, name, slot: at, kind: 'manual' };
  }

  async heartbeat(runs: ReadonlyArray<{ id: string; token: string }>, leaseMs: number): Promise<string[]> {
    checkLease(leaseMs);
    const now = this.#clock.now();
    const lost: string[] = [];
    for (const { id, token } of runs) {
      const run = this.#runs.held(id, token);
      if (run) run.leaseUntil = now + leaseMs;
      else lost.push(id);
    }
    return lost;
  }

  async complete(handle: { id: string; token: string }, outcome: RunOutcome, nextRunAt?: number | null): Promise<boolean> {
    const run = this.#runs.held(handle.id, handle.token);
    if (!run) return false;
    const entry = this.#schedules.get(run.name)!;
    const startedAt = run.startedAt!;
    this.#runs.finish(run, outcome);
    const row = entry.row;
    row.lastOutcome = {
      status: outcome.status, at: outcome.finishedAt,
      durationMs: outcome.finishedAt - startedAt, latenessMs: startedAt - run.slot,
    };
    if (outcome.error !== undefined) row.lastOutcome.error = copyError(outcome.error);
    if (outcome.status !== 'success') row.failures++;
    // Only into the gap the claim left: a spec updated meanwhile has its own next slot.
    if (nextRunAt !== undefined && row.nextRunAt === null) writeNext(row, nextRunAt);
    this.#settle(entry);
    return true;
  }

  async completeMany(ends: ReadonlyArray<RunEnd>): Promise<string[]> {
    const fenced: string[] = [];
    for (const { run, outcome, nextRunAt } of ends) if (!(await this.complete(run, outcome, nextRunAt))) fenced.push(run.id);
    return fenced;
  }

  async recoverLost(request: RecoverRequest): Promise<RecoverResult> {
    checkCount('limit', request.limit);
    checkLease(request.leaseMs);
    const now = this.#clock.now();
    const expired = [...this.#runs.all()]
      .filter((run) => run.status === 'running' && run.leaseUntil < now &&
        (request.queues === null || request.queues.includes(this.#schedules.get(run.name)!.row.queue)))
      .sort((a, b) => a.leaseUntil - b.leaseUntil || Number(a.id) - Number(b.id))
      .slice(0, request.limit);
    const result: RecoverResult = { retried: [], failed: [] };
    for (const run of expired) {
      const entry = this.#schedules.get(run.name)!;
      const row = entry.row;
      const policy = request.policy(clone(row));
      if (policy.onLost === 'retry' && run.attempt < policy.maxAttempts) {
        this.#runs.lose(run, now, { instanceId: request.instanceId, leaseMs: request.leaseMs });
        result.retried.push(claimed(run, row));
        continue;
      }
      const startedAt = run.startedAt!;
      this.#runs.lose(run, now);
      row.lastOutcome = { status: 'lost', at: now, durationMs: now - startedAt, latenessMs: startedAt - run.slot };
      row.failures++;
      if (policy.nextRunAt !== undefined && row.nextRunAt === null) writeNext(row, policy.nextRunAt);
      this.#settle(entry);
      result.failed.push({ name: run.name, slot: run.slot, attempt: run.attempt });
    }
    return result;
  }

  async runs(name: string, limit: number): Promise<RunRow[]> {
    checkCount('limit', limit);
    return this.#runs.of(name).sort(newestFirst).slice(0, limit).map(copyRun);
  }

  async prune({ keepRuns, keepForMs, batch = 1000 }: PruneOptions): Promise<number> {
    if (keepRuns !== undefined && (!Number.isInteger(keepRuns) || keepRuns < 0)) throw invalidType('keepRuns', 'an integer ≥ 0', keepRuns);
    if (keepForMs !== undefined && (!Number.isFinite(keepForMs) || keepForMs < 0)) throw invalidType('keepForMs', 'a finite number ≥ 0 (ms)', keepForMs);
    checkCount('batch', batch);
    const names = [...this.#schedules.keys()];
    const batchOf = this.#runs.prunable(names, this.#clock.now(), keepRuns, keepForMs).slice(0, batch);
    for (const run of batchOf) this.#runs.delete(run);
    return batchOf.length;
  }

  async registerInstance(info: InstanceInfo): Promise<void> {
    this.#peers.register(info, this.#clock.now());
  }

  async touchInstance(id: string, expireAfterMs: number): Promise<boolean> {
    checkLease(expireAfterMs, 'expireAfterMs');
    const now = this.#clock.now();
    const known = this.#peers.touch(id, now);
    for (const gone of this.#peers.expire(now - expireAfterMs)) this.#peers.notify({ type: 'instance-left', id: gone });
    return known;
  }

  async removeInstance(id: string): Promise<void> {
    this.#peers.remove(id);
    this.#peers.notify({ type: 'instance-left', id });
  }

  async instances(): Promise<InstanceInfo[]> {
    return this.#peers.list();
  }

  async subscribe(listener: (event: StoreEvent) => void): Promise<() => Promise<void>> {
    const unsubscribe = this.#peers.subscribe(listener);
    return async () => {
      unsubscribe();
    };
  }

  async notify(event: StoreEvent): Promise<void> {
    this.#peers.notify(event);
  }

  /** Derives `state` from the row and its runs, after every write. */
  #settle(entry: Entry): void {
    const row = entry.row;
    row.state = row.paused ? 'paused'
      : this.#runs.running(row.name) > 0 ? 'running'
        : entry.failed ? 'failed'
          : row.nextRunAt === null ? 'finished' : 'scheduled';
  }
}
