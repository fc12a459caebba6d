/**
 * The Store seam: where durable schedules, their state and their runs live. The scheduler
 * uses this interface; a store never calls the scheduler (it only answers and notifies).
 *
 * Time: every instant here is epoch milliseconds in the STORE's clock. For PostgreSQL that is
 * the database's `now()`, the only clock used to decide what is due; a process converts with
 * the offset it measured (`now()` below). MemoryStore's clock is the one it was given.
 *
 * Exactly once: a run is unique per (schedule, slot, kind). Two processes claiming the same
 * slot get one run between them; the loser's insert does nothing.
 */
import type { RunKind } from '../types.js';

/** Built-in task kinds a durable schedule can have (its rule is rebuilt from `options`). */
export type ScheduleType = 'interval' | 'weekday' | 'monthday' | 'single' | 'cron';

/** What a durable schedule runs: a handler `define`d under this name, or a module export. */
export type StoredAction = string | { module: string; export: string };

/** What lost runs become once their lease ran out. */
export type OnLost = 'retry' | 'fail';

/**
 * A durable schedule as declared: everything is JSON (no functions, no Dates: instants in
 * `options` are epoch ms). Two specs are "the same" when their JSON is deep-equal
 * (`sameSpec`), which is what makes re-declaring at start-up an `unchanged` no-op.
 */
export interface ScheduleSpec {
  name: string;
  type: ScheduleType;
  /** The task options that define the rule and policy (interval, weekdays, cron, timeZone, catchUp, maxInstances, ...), without name/action/args/kw/queue. */
  options: Record<string, unknown>;
  action: StoredAction;
  args: unknown[];
  /** Passed as a trailing argument only when present. */
  kw?: Record<string, unknown>;
  /** @default 'default' */
  queue: string;
  /** Where it was declared: 'api' (code), 'file' (a job file), 'http'. Not part of sameSpec. */
  source: string;
}

export type UpsertResult = 'created' | 'updated' | 'unchanged';

/** A schedule's last finished run, as TaskInfo shows it. */
export interface StoredOutcome {
  status: 'success' | 'error' | 'timeout' | 'skipped' | 'lost';
  at: number;
  durationMs: number;
  latenessMs: number;
  error?: StoredError;
}

export interface StoredError {
  name: string;
  message: string;
  stack?: string;
}

/** A schedule row: the spec plus the state the scheduler keeps for it. */
export interface ScheduleRow extends ScheduleSpec {
  /** The next slot to claim; null when none (finished, or a sequential run is going on). */
  nextRunAt: number | null;
  paused: boolean;
  /** Where it stood when paused, to resume on its grid. */
  pausedAt: number | null;
  state: 'scheduled' | 'running' | 'paused' | 'failed' | 'finished';
  runs: number;
  failures: number;
  lastOutcome: StoredOutcome | null;
  /** Bumped by every update of the spec. */
  version: number;
  createdAt: number;
  updatedAt: number;
}

/** What the claimer decided for one due schedule (computed in JS from the schedule's rule). */
export interface ClaimPlan {
  /** Slots to run now, each with its kind ('scheduled' for an on-time slot, 'catchup' for late ones run under catchUp). Empty: nothing runs (skip). */
  runs: Array<{ slot: number; kind: RunKind }>;
  /** The schedule's next slot after these; null: finished. Ignored (left null) while a sequential run goes on. */
  nextRunAt: number | null;
  /** True for sequential intervals: nextRunAt is written at completion, and null until then. */
  nextAtCompletion: boolean;
  /** Slots passed over (catchUp skip/once/maxCatchUp), reported as `missed`. */
  missed: number;
}

export interface ClaimRequest {
  instanceId: string;
  /** Only schedules in these queues; null: every queue. */
  queues: readonly string[] | null;
  /** At most this many schedules per claim. */
  limit: number;
  leaseMs: number;
  /**
   * Called inside the claim transaction for each unpaused schedule this process locked whose
   * `nextRunAt` is due (others are skipped, never waited for; a schedule locked only for its
   * pending manual runs is not planned). `now` is the store's clock. May throw: the store then
   * marks the schedule failed (state 'failed', nextRunAt null), runs none of its planned slots,
   * and carries on with the other schedules; the error is not passed on (the caller reports it).
   */
  plan(schedule: ScheduleRow, now: number): ClaimPlan;
}

/** A run this process now holds: it must heartbeat before `leaseUntil` and complete with `token`. */
export interface ClaimedRun {
  id: string;
  token: string;
  schedule: ScheduleRow;
  slot: number;
  kind: RunKind;
  attempt: number;
  leaseUntil: number;
  startedAt: number;
}

export interface ClaimResult {
  /** Planned slots and due pending manual runs (kind 'manual') this instance now holds. */
  runs: ClaimedRun[];
  /** Per schedule name, slots passed over (for `missed` events). */
  missed: Array<{ name: string; count: number }>;
  /** Runs not started because maxInstances runs were already going (overlap: skip); a pending manual run skipped so is deleted. */
  skipped: Array<{ name: string; slot: number }>;
  /**
   * What `nextDueAt(request.queues)` answers once this claim is committed, when the store
   * could tell it in the same round trip (saves the caller that query); undefined otherwise.
   */
  nextDueAt?: number | null;
}

/** 'pending': a requested manual run that no process holds yet (no instance, lease or start). */
export type RunStatus = 'pending' | 'running' | 'success' | 'error' | 'timeout' | 'lost';

export interface RunOutcome {
  status: 'success' | 'error' | 'timeout';
  finishedAt: number;
  error?: StoredError;
}

/** One run's end for `completeMany`: what `complete` takes. */
export interface RunEnd {
  run: { id: string; token: string };
  outcome: RunOutcome;
  nextRunAt?: number | null;
}

/** One attempt of a run, as stored (every attempt's error is kept). */
export interface AttemptRow {
  attempt: number;
  instanceId: string;
  startedAt: number;
  finishedAt: number | null;
  status: RunStatus;
  error?: StoredError;
}

export interface RunRow {
  id: string;
  name: string;
  slot: number;
  kind: RunKind;
  status: RunStatus;
  /** 0 while pending. */
  attempt: number;
  /** Null while pending. */
  instanceId: string | null;
  /** Null while pending. */
  startedAt: number | null;
  finishedAt: number | null;
  attempts: AttemptRow[];
}

/** A manual run as `requestRun` recorded it: pending until a process serving its queue claims it. */
export interface RequestedRun {
  id: string;
  name: string;
  slot: number;
  kind: 'manual';
}

export interface RequestRunOptions {
  /**
   * Skip the schedule's next regular slot too (issue 13's "run now instead"): called in the same
   * transaction with the schedule as it stands, when it has a next slot; returns the slot after
   * that one, written as its nextRunAt (null: none; pausedAt too when paused).
   */
  skipNext?: (schedule: ScheduleRow, now: number) => number | null;
}

export interface InstanceInfo {
  id: string;
  /** Labels only (never identity). */
  hostname: string;
  pid: number;
  queues: readonly string[] | null;
  /** Handler names this process defines (for orphan detection). */
  handlers: readonly string[];
  execute: boolean;
}

/** A peer's message through the store (LISTEN/NOTIFY for PostgreSQL). */
export type StoreEvent =
  | { type: 'changed'; name: string; nextRunAt: number | null }
  | { type: 'instance-left'; id: string }
  | { type: 'run-requested'; name: string; at?: number };

export interface RecoverRequest {
  instanceId: string;
  /** Only lost runs of schedules in these queues (the ones this process runs); null: every queue. */
  queues: readonly string[] | null;
  limit: number;
  leaseMs: number;
  /**
   * Per schedule: what to do with its lost run (its spec's onLost and maxAttempts).
   * `nextRunAt`: for a sequential schedule (nextRunAt null while its run went on), the next
   * slot to write when the run is lost for good, as `complete` would have; ignored otherwise.
   */
  policy(schedule: ScheduleRow): { onLost: OnLost; maxAttempts: number; nextRunAt?: number | null };
}

export interface RecoverResult {
  /** Lost runs taken over as a new attempt by this instance (fresh token: the old holder is fenced off). */
  retried: ClaimedRun[];
  /** Lost runs marked 'lost' for good. */
  failed: Array<{ name: string; slot: number; attempt: number }>;
}

export interface PruneOptions {
  /** Keep at most this many finished runs per schedule. */
  keepRuns?: number;
  /** Keep finished runs newer than this many ms. */
  keepForMs?: number;
  /** Delete at most this many rows per call. @default 1000 */
  batch?: number;
}

export interface Store {
  /** False for MemoryStore (the scheduler keeps its own heap and never awaits). */
  readonly durable: boolean;
  /** Creates or upgrades the schema; idempotent; safe when several processes call it at once. */
  migrate(): Promise<void>;
  close(): Promise<void>;
  /** The store's clock, epoch ms. */
  now(): Promise<number>;

  /** Upsert by name. `firstSlot` is used when created or updated (spec differs); unchanged keeps the row as it is. */
  upsertSchedule(spec: ScheduleSpec, firstSlot: number | null): Promise<{ result: UpsertResult; schedule: ScheduleRow }>;
  getSchedule(name: string): Promise<ScheduleRow | null>;
  listSchedules(queues?: readonly string[] | null): Promise<ScheduleRow[]>;
  /** Deletes the schedule and its runs. */
  deleteSchedule(name: string): Promise<boolean>;
  /** `name` null: every schedule. Returns how many changed. Pausing keeps pausedAt = nextRunAt. */
  setPaused(name: string | null, paused: boolean, resumeAt?: (schedule: ScheduleRow, now: number) => number | null): Promise<number>;
  /** Earliest nextRunAt among unpaused schedules in `queues` (null: all), or pending manual run of a schedule there, or null. */
  nextDueAt(queues: readonly string[] | null): Promise<number | null>;

  claim(request: ClaimRequest): Promise<ClaimResult>;
  /**
   * A manual run (kind 'manual') at `at`, recorded as a pending run that no process holds: a
   * claim (by any process serving the schedule's queue, paused or not) starts it once `at` is
   * due, within maxInstances (else it is skipped as a due slot is, and deleted), and `nextDueAt`
   * counts it. Peers are told ('run-requested'). Returns null if a manual run for that instant
   * exists. An unknown name rejects with TaskNotFoundError.
   */
  requestRun(name: string, at: number, options?: RequestRunOptions): Promise<RequestedRun | null>;
  /** Extends the leases this instance still holds; returns the ids it no longer holds (fenced off). */
  heartbeat(runs: ReadonlyArray<{ id: string; token: string }>, leaseMs: number): Promise<string[]>;
  /** Records the outcome if `token` still holds the run; false when fenced off. Writes `nextRunAt` for a sequential schedule (only while its nextRunAt is null: a spec updated meanwhile keeps its own). */
  complete(run: { id: string; token: string }, outcome: RunOutcome, nextRunAt?: number | null): Promise<boolean>;
  /**
   * `complete` for many runs at once (one statement on PostgreSQL), in order: a later end of the
   * same schedule is its last outcome. Returns the ids of the runs not recorded (fenced off).
   */
  completeMany(ends: ReadonlyArray<RunEnd>): Promise<string[]>;
  recoverLost(request: RecoverRequest): Promise<RecoverResult>;
  runs(name: string, limit: number): Promise<RunRow[]>;
  prune(options: PruneOptions): Promise<number>;

  registerInstance(info: InstanceInfo): Promise<void>;
  /** Deletes the instance row and tells peers (its runs' leases then run out and are recovered). */
  removeInstance(id: string): Promise<void>;
  /** Live instances: those registered and not removed or expired (see touchInstance). */
  instances(): Promise<InstanceInfo[]>;
  /**
   * Liveness: marks instance `id` seen now, and deletes (telling peers) every instance not seen
   * for more than `expireAfterMs`. False when `id` has no row (a peer expired it, or it was never
   * registered): the caller registers again.
   */
  touchInstance(id: string, expireAfterMs: number): Promise<boolean>;

  /** Peers' events; returns an unsubscribe function. Polling covers what is missed. */
  subscribe(listener: (event: StoreEvent) => void): Promise<() => Promise<void>>;
  notify(event: StoreEvent): Promise<void>;
}

/** Deep JSON equality of the parts of two specs that define the schedule (not `source`). */
export function sameSpec(a: ScheduleSpec, b: ScheduleSpec): boolean {
  return a.name === b.name && a.type === b.type && a.queue === b.queue &&
    canonical(a.options) === canonical(b.options) && canonical(a.action) === canonical(b.action) &&
    canonical(a.args) === canonical(b.args) && canonical(a.kw ?? null) === canonical(b.kw ?? null);
}

/** JSON with object keys sorted, so key order never makes two equal specs differ. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(v).sort()) sorted[key] = (v as Record<string, unknown>)[key];
    return sorted;
  });
}
