/**
 * Recent runs per job, for the admin API and metrics. The scheduler keeps only each task's
 * last outcome; in memory this file keeps the last N runs per job by listening to its events.
 * On a durable store the store keeps every run (`store.runs(name, limit)`, all processes):
 * `recentRuns` reads it there.
 *
 * Listening must not change what the scheduler logs: an `error`, `skip` or `missed` event
 * nobody listens to goes to the logger, and a listener takes that over. So when only admin
 * observers listen, the observer logs it as the scheduler would have.
 */
import { TaskTimeoutError } from '../errors.js';
import type { Scheduler } from '../scheduler/scheduler.js';
import type { RunInfo } from '../scheduler/events.js';
import type { RunRow, Store, StoredError } from '../store/store.js';
import type { Task } from '../tasks/task.js';
import type { RunKind } from '../types.js';

/** A scheduler of either kind: the admin layer awaits every answer, so one path serves both. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyScheduler = Scheduler<any>;

export type RunStatus = 'pending' | 'running' | 'success' | 'error' | 'timeout' | 'skipped' | 'missed' | 'lost';

export interface ErrorView {
  name: string;
  message: string;
  stack?: string;
}

/** One run (or one skipped or missed slot) as the API shows it. Instants are epoch ms. */
export interface RunEntry {
  status: RunStatus;
  /** null for skipped and missed slots. */
  kind: RunKind | null;
  scheduledAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  durationMs: number | null;
  latenessMs: number | null;
  error?: ErrorView;
  attempt?: number;
  /** For `missed`: how many slots, the last of them in `lastSlot`. */
  count?: number;
  lastSlot?: number;
}

/** What an observer hears, already normalised. `entry` is the same object from start to end. */
export interface RunFeedListener {
  start?(name: string, entry: RunEntry): void;
  end?(name: string, entry: RunEntry): void;
  /** A skipped or missed slot. */
  slot?(name: string, entry: RunEntry): void;
  cancel?(name: string): void;
  clockSkew?(offsetMs: number): void;
  /** Durable stores: one claim transaction, its duration and the runs it took. */
  claim?(durationMs: number, runs: number): void;
  /** Durable stores: a run whose lease ran out, found by this process (retried, or failed for good). */
  lost?(name: string, retried: boolean): void;
}

export function errorView(error: unknown): ErrorView {
  if (error instanceof Error) {
    const view: ErrorView = { name: error.name, message: error.message };
    if (typeof error.stack === 'string') view.stack = error.stack;
    return view;
  }
  return { name: 'Error', message: String(error) };
}

/** The admin feeds listening on each scheduler, oldest first (the oldest does the logging). */
const feedsOn = new WeakMap<object, RunFeed[]>();

/**
 * Listens to a scheduler's run events once and hands normalised entries to its listeners.
 * `close()` removes every listener it added.
 */
export class RunFeed {
  readonly #scheduler: AnyScheduler;
  readonly #listeners: RunFeedListener[] = [];
  readonly #pending = new WeakMap<object, RunEntry>();
  readonly #offs: Array<() => void> = [];

  constructor(scheduler: AnyScheduler) {
    this.#scheduler = scheduler;
    const feeds = feedsOn.get(scheduler) ?? [];
    feeds.push(this);
    feedsOn.set(scheduler, feeds);
    const on = scheduler.events;
    const now = (): number => scheduler.clock.now();
    this.#offs.push(
      on.on('start', ({ task, run }) => this.#start(task, run)),
      on.on('success', ({ task, run, durationMs }) => this.#end(task, run, 'success', undefined, durationMs, now())),
      on.on('error', ({ task, run, error }) => {
        this.#logIfAlone('error', () => scheduler.logger.error(task ? `Task "${task.name}" failed` : 'Scheduler error', error));
        if (task && run) this.#end(task, run, error instanceof TaskTimeoutError ? 'timeout' : 'error', error, undefined, now());
      }),
      on.on('skip', ({ task, scheduledAt, runningForMs }) => {
        this.#logIfAlone('skip', () => scheduler.logger.warn(`Task "${task.name}" skipped a run: maxInstances (${task.policy.maxInstances}) still running after ${runningForMs} ms`));
        const at = now();
        this.#slot(task.name, { status: 'skipped', kind: null, scheduledAt: scheduledAt.getTime(), startedAt: null, finishedAt: at, durationMs: 0, latenessMs: at - scheduledAt.getTime() });
      }),
      on.on('missed', ({ task, count, first, last, truncated }) => {
        this.#logIfAlone('missed', () => scheduler.logger.warn(`Task "${task.name}" missed ${count}${truncated ? '+' : ''} run(s) between ${first.toISOString()} and ${last.toISOString()}`));
        this.#slot(task.name, { status: 'missed', kind: null, scheduledAt: first.getTime(), startedAt: null, finishedAt: null, durationMs: null, latenessMs: null, count, lastSlot: last.getTime() });
      }),
      on.on('cancel', ({ task }) => {
        for (const l of this.#listeners) l.cancel?.(task.name);
      }),
      on.on('clockSkew', ({ offsetMs }) => {
        for (const l of this.#listeners) l.clockSkew?.(offsetMs);
      }),
      on.on('claim', ({ durationMs, runs }) => {
        for (const l of this.#listeners) l.claim?.(durationMs, runs);
      }),
      on.on('lost', ({ name, retried }) => {
        for (const l of this.#listeners) l.lost?.(name, retried);
      }),
    );
  }

  listen(listener: RunFeedListener): void {
    this.#listeners.push(listener);
  }

  close(): void {
    for (const off of this.#offs.splice(0)) off();
    const feeds = feedsOn.get(this.#scheduler) ?? [];
    const index = feeds.indexOf(this);
    if (index >= 0) feeds.splice(index, 1);
  }

  /** When only feeds listen to `event`, the oldest feed logs it, as the scheduler would have with none. */
  #logIfAlone(event: 'error' | 'skip' | 'missed', log: () => void): void {
    const feeds = feedsOn.get(this.#scheduler) ?? [];
    if (feeds[0] === this && this.#scheduler.events.listenerCount(event) <= feeds.length) log();
  }

  #start(task: Task, run: RunInfo): void {
    const entry: RunEntry = {
      status: 'running', kind: run.kind, scheduledAt: run.scheduledAt.getTime(), startedAt: run.startedAt.getTime(),
      finishedAt: null, durationMs: null, latenessMs: run.startedAt.getTime() - run.scheduledAt.getTime(),
    };
    const attempt = (run as { attempt?: unknown }).attempt;
    if (typeof attempt === 'number') entry.attempt = attempt;
    this.#pending.set(run, entry);
    for (const l of this.#listeners) l.start?.(task.name, entry);
  }

  #end(task: Task, run: RunInfo, status: RunStatus, error: unknown, durationMs: number | undefined, now: number): void {
    const entry = this.#pending.get(run);
    if (entry === undefined || entry.status !== 'running') return;
    this.#pending.delete(run);
    entry.status = status;
    entry.finishedAt = now;
    entry.durationMs = durationMs ?? Math.max(0, now - (entry.startedAt ?? now));
    if (error !== undefined) entry.error = errorView(error);
    for (const l of this.#listeners) l.end?.(task.name, entry);
  }

  #slot(name: string, entry: RunEntry): void {
    for (const l of this.#listeners) l.slot?.(name, entry);
  }
}

/** The last `limit` runs per job (newest first), kept from a RunFeed: the in-memory history. */
export class RunHistory implements RunFeedListener {
  readonly #byName = new Map<string, RunEntry[]>();
  readonly limit: number;

  constructor(feed: RunFeed, limit = 50) {
    this.limit = limit;
    feed.listen(this);
  }

  start(name: string, entry: RunEntry): void {
    this.#push(name, entry);
  }

  slot(name: string, entry: RunEntry): void {
    this.#push(name, entry);
  }

  cancel(name: string): void {
    this.#byName.delete(name);
  }

  /** Newest first, at most `limit`. */
  recent(name: string, limit = this.limit): RunEntry[] {
    return (this.#byName.get(name) ?? []).slice(0, limit).map((entry) => ({ ...entry }));
  }

  #push(name: string, entry: RunEntry): void {
    let list = this.#byName.get(name);
    if (list === undefined) this.#byName.set(name, (list = []));
    list.unshift(entry);
    if (list.length > this.limit) list.length = this.limit;
  }
}

function storedErrorView(error: StoredError): ErrorView {
  const view: ErrorView = { name: error.name, message: error.message };
  if (error.stack !== undefined) view.stack = error.stack;
  return view;
}

/** A stored run as a RunEntry; the error is the last attempt's that has one. */
export function entryOfRow(row: RunRow): RunEntry {
  const entry: RunEntry = {
    status: row.status, kind: row.kind, scheduledAt: row.slot, startedAt: row.startedAt, finishedAt: row.finishedAt,
    // A pending manual run has not started: no duration, no lateness yet.
    durationMs: row.finishedAt === null || row.startedAt === null ? null : row.finishedAt - row.startedAt,
    latenessMs: row.startedAt === null ? null : row.startedAt - row.slot, attempt: row.attempt,
  };
  const failed = [...row.attempts].reverse().find((a) => a.error !== undefined);
  if (failed?.error) entry.error = storedErrorView(failed.error);
  return entry;
}

/** Recent runs of `name`, newest first: from the store when durable, else from `history`. */
export async function recentRuns(scheduler: AnyScheduler, history: RunHistory, name: string, limit: number): Promise<RunEntry[]> {
  const store = scheduler.store as Store;
  if (!store.durable) return history.recent(name, limit);
  const rows = await store.runs(name, limit);
  return rows.map(entryOfRow);
}
