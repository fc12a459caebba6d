/**
 * The run table of the MemoryStore: runs keyed by id, each with its lease and fencing token.
 * Pure bookkeeping (no clock, no schedules): memory-store.ts decides when and why.
 */
import { randomUUID } from 'node:crypto';
import type { RunKind } from '../types.js';
import type { AttemptRow, RunOutcome, RunRow, StoredError } from './store.js';

/** A stored run: the row callers see, plus what only its holder knows. */
export interface MemoryRun extends RunRow {
  token: string;
  leaseUntil: number;
}

/** Newest first: by slot, then by insertion (ids count up), as `runs()` lists them. */
export function newestFirst(a: RunRow, b: RunRow): number {
  return b.slot - a.slot || Number(b.id) - Number(a.id);
}

export function copyRun(run: MemoryRun): RunRow {
  return {
    id: run.id, name: run.name, slot: run.slot, kind: run.kind, status: run.status, attempt: run.attempt,
    instanceId: run.instanceId, startedAt: run.startedAt, finishedAt: run.finishedAt,
    attempts: run.attempts.map(copyAttempt),
  };
}

function copyAttempt(attempt: AttemptRow): AttemptRow {
  const copy: AttemptRow = {
    attempt: attempt.attempt, instanceId: attempt.instanceId, startedAt: attempt.startedAt,
    finishedAt: attempt.finishedAt, status: attempt.status,
  };
  if (attempt.error !== undefined) copy.error = copyError(attempt.error);
  return copy;
}

export function copyError(error: StoredError): StoredError {
  const copy: StoredError = { name: error.name, message: error.message };
  if (error.stack !== undefined) copy.stack = error.stack;
  return copy;
}

export class MemoryRuns {
  #seq = 0;
  readonly #byId = new Map<string, MemoryRun>();
  /** Per schedule name: its runs by `${kind}@${slot}`, the (schedule, slot, kind) UNIQUE key. */
  readonly #bySchedule = new Map<string, Map<string, MemoryRun>>();

  get(id: string): MemoryRun | undefined {
    return this.#byId.get(id);
  }

  exists(name: string, slot: number, kind: RunKind): boolean {
    return this.#bySchedule.get(name)?.has(`${kind}@${slot}`) ?? false;
  }

  /** Runs of `name` still going on (status 'running'), which count against maxInstances. */
  running(name: string): number {
    let count = 0;
    for (const run of this.#bySchedule.get(name)?.values() ?? []) if (run.status === 'running') count++;
    return count;
  }

  /** `name`'s pending manual runs due at `now`, earliest first. */
  pendingDue(name: string, now: number): MemoryRun[] {
    return this.of(name).filter((run) => run.status === 'pending' && run.slot <= now).sort((a, b) => a.slot - b.slot);
  }

  /** The earliest slot among `name`'s pending runs, or undefined. */
  firstPending(name: string): number | undefined {
    let first: number | undefined;
    for (const run of this.#bySchedule.get(name)?.values() ?? []) {
      if (run.status === 'pending' && (first === undefined || run.slot < first)) first = run.slot;
    }
    return first;
  }

  of(name: string): MemoryRun[] {
    return [...(this.#bySchedule.get(name)?.values() ?? [])];
  }

  all(): IterableIterator<MemoryRun> {
    return this.#byId.values();
  }

  /** Inserts a running first attempt; undefined when (name, slot, kind) exists (the insert does nothing). */
  insert(name: string, slot: number, kind: RunKind, instanceId: string, now: number, leaseMs: number): MemoryRun | undefined {
    const key = `${kind}@${slot}`;
    let runs = this.#bySchedule.get(name);
    if (runs?.has(key)) return undefined;
    if (!runs) this.#bySchedule.set(name, (runs = new Map()));
    const run: MemoryRun = {
      id: String(++this.#seq), name, slot, kind, status: 'running', attempt: 1, instanceId,
      startedAt: now, finishedAt: null, token: randomUUID(), leaseUntil: now + leaseMs,
      attempts: [{ attempt: 1, instanceId, startedAt: now, finishedAt: null, status: 'running' }],
    };
    runs.set(key, run);
    this.#byId.set(run.id, run);
    return run;
  }

  /** Records a pending manual run (no instance, lease or start); undefined when that instant has one. */
  insertPending(name: string, slot: number): MemoryRun | undefined {
    const key = `manual@${slot}`;
    let runs = this.#bySchedule.get(name);
    if (runs?.has(key)) return undefined;
    if (!runs) this.#bySchedule.set(name, (runs = new Map()));
    const run: MemoryRun = {
      id: String(++this.#seq), name, slot, kind: 'manual', status: 'pending', attempt: 0, instanceId: null,
      startedAt: null, finishedAt: null, token: '', leaseUntil: 0, attempts: [],
    };
    runs.set(key, run);
    this.#byId.set(run.id, run);
    return run;
  }

  /** Starts a pending run as its first attempt, held by `instanceId` under a new token. */
  start(run: MemoryRun, instanceId: string, now: number, leaseMs: number): void {
    Object.assign(run, { status: 'running', attempt: 1, instanceId, startedAt: now, token: randomUUID(), leaseUntil: now + leaseMs });
    run.attempts = [{ attempt: 1, instanceId, startedAt: now, finishedAt: null, status: 'running' }];
  }

  /** The run `token` still holds: it exists, is running and nobody took it over since. */
  held(id: string, token: string): MemoryRun | undefined {
    const run = this.#byId.get(id);
    return run && run.status === 'running' && run.token === token ? run : undefined;
  }

  /** Ends the current attempt (and the run) with `outcome`. */
  finish(run: MemoryRun, outcome: RunOutcome): void {
    run.status = outcome.status;
    run.finishedAt = outcome.finishedAt;
    const current = run.attempts[run.attempts.length - 1]!;
    current.status = outcome.status;
    current.finishedAt = outcome.finishedAt;
    if (outcome.error !== undefined) current.error = copyError(outcome.error);
  }

  /** Marks the current attempt lost at `now`; with `retryBy`, starts the next attempt for that instance under a new token. */
  lose(run: MemoryRun, now: number, retryBy?: { instanceId: string; leaseMs: number }): void {
    const current = run.attempts[run.attempts.length - 1]!;
    current.status = 'lost';
    current.finishedAt = now;
    if (!retryBy) {
      run.status = 'lost';
      run.finishedAt = now;
      return;
    }
    run.attempt++;
    run.instanceId = retryBy.instanceId;
    run.startedAt = now;
    run.token = randomUUID();
    run.leaseUntil = now + retryBy.leaseMs;
    run.attempts.push({ attempt: run.attempt, instanceId: retryBy.instanceId, startedAt: now, finishedAt: null, status: 'running' });
  }

  delete(run: MemoryRun): void {
    this.#byId.delete(run.id);
    const runs = this.#bySchedule.get(run.name);
    runs?.delete(`${run.kind}@${run.slot}`);
    if (runs?.size === 0) this.#bySchedule.delete(run.name);
  }

  /**
   * Finished runs that `keepRuns` (per schedule, newest first) or `keepForMs` (by finishedAt)
   * let go, oldest finish first: the order a bounded prune deletes them in.
   */
  prunable(names: Iterable<string>, now: number, keepRuns?: number, keepForMs?: number): MemoryRun[] {
    const doomed: MemoryRun[] = [];
    for (const name of names) {
      const finished = this.of(name).filter((run) => run.status !== 'running' && run.status !== 'pending').sort(newestFirst);
      finished.forEach((run, index) => {
        if ((keepRuns !== undefined && index >= keepRuns) ||
          (keepForMs !== undefined && run.finishedAt! < now - keepForMs)) doomed.push(run);
      });
    }
    return doomed.sort((a, b) => a.finishedAt! - b.finishedAt! || Number(a.id) - Number(b.id));
  }

  deleteSchedule(name: string): void {
    for (const run of this.of(name)) this.#byId.delete(run.id);
    this.#bySchedule.delete(name);
  }
}
