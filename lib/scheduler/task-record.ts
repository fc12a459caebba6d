/**
 * The TaskRecord: what the scheduler knows about one task, kept apart from the Task (the
 * definition, which never changes once added). The upper block is the row a store would
 * persist; the lower block holds in-memory links that are never persisted. A record is also
 * the task's node in the heap (whose due time the heap keeps beside it), so a million idle
 * tasks cost one object each, not two; the fields most tasks never use share one object made
 * on first use, and only unnamed tasks' records carry a registry slot.
 */
import { linkTask, taskLink } from '../tasks/task.js';
import type { Task, TaskLink } from '../tasks/task.js';
import type { Clock, Outcome, RunKind, TaskState } from '../types.js';
import type { QueueNode } from './queue.js';

/** The scheduler a record belongs to, as far as the record needs it. */
export interface RecordOwner {
  readonly clock: Clock;
}

interface Rare {
  failures: number;
  pending: { scheduledAt: number; kind: RunKind } | null;
  catchUpRuns: number;
  pausedAt: number | null;
  jitterMs: number;
}

export class TaskRecord implements QueueNode, TaskLink {
  // ---- the row -----------------------------------------------------------------------------
  state: TaskState = 'scheduled';
  runs = 0;
  /** The last run's outcome (the Run itself, which implements Outcome; copied for TaskInfo). */
  lastOutcome: Outcome | undefined = undefined;
  #rare: Rare | null = null;

  // ---- in-memory links (never persisted) ---------------------------------------------------
  /** The scheduler holding the record; null once cancelled or finished. */
  owner: RecordOwner | null = null;
  /** Id in the heap while placed, -1 when not (queue.ts). */
  qid = -1;
  /** Runs going on (or waiting in the sequential lane). */
  running = 0;

  constructor(readonly task: Task) {}

  get name(): string {
    return this.task.name;
  }

  /** The owner's clock, for `Task.nextRuns()` without `after`. */
  get clock(): Clock | null {
    return this.owner?.clock ?? null;
  }

  // No private methods here: a class with one gives every instance a brand slot (8 B a task).

  /** Failed runs so far. */
  get failures(): number {
    return this.#rare?.failures ?? 0;
  }
  set failures(value: number) {
    if (value !== 0 || this.#rare) (this.#rare ??= rare()).failures = value;
  }

  /** A run waiting for a free instance (`overlap: 'queue'`). */
  get pending(): Rare['pending'] {
    return this.#rare?.pending ?? null;
  }
  set pending(value: Rare['pending']) {
    if (value !== null || this.#rare) (this.#rare ??= rare()).pending = value;
  }

  /** Late slots run back to back so far (`catchUp: 'all'`). */
  get catchUpRuns(): number {
    return this.#rare?.catchUpRuns ?? 0;
  }
  set catchUpRuns(value: number) {
    if (value !== 0 || this.#rare) (this.#rare ??= rare()).catchUpRuns = value;
  }

  /** Where a paused task stood, to resume on its grid. */
  get pausedAt(): number | null {
    return this.#rare?.pausedAt ?? null;
  }
  set pausedAt(value: number | null) {
    if (value !== null || this.#rare) (this.#rare ??= rare()).pausedAt = value;
  }

  /** The random delay added to the placed slot (`jitter`). */
  get jitterMs(): number {
    return this.#rare?.jitterMs ?? 0;
  }
  set jitterMs(value: number) {
    if (value !== 0 || this.#rare) (this.#rare ??= rare()).jitterMs = value;
  }
}

/**
 * The record of an unnamed task (`task-<n>`), listed by the registry in an array: adding or
 * removing one hashes nothing. Named tasks live in the name table and need no slot.
 */
export class ListedRecord extends TaskRecord {
  /** Index in the registry's array; -1 when not listed. */
  slot = -1;
}

/** A new record for `task`, of the kind its name calls for. */
export function newRecord(task: Task): TaskRecord {
  return typeof task.key === 'string' ? new TaskRecord(task) : new ListedRecord(task);
}

function rare(): Rare {
  return { failures: 0, pending: null, catchUpRuns: 0, pausedAt: null, jitterMs: 0 };
}

/** The record `task` is linked to (its scheduler's, or the last one's once it left), if any. */
export function recordOf(task: Task): TaskRecord | null {
  return taskLink(task) as TaskRecord | null;
}

/** The row a restarted variant host carries over for a task it adds again. */
export interface RestoredCounts {
  runs: number;
  failures: number;
  lastOutcome: Outcome | undefined;
}

/** Links `task` (not yet in any scheduler) to a record holding `counts`, for its scheduler to take. */
export function restoreRecord(task: Task, counts: RestoredCounts): void {
  let record = recordOf(task);
  if (record === null) {
    record = newRecord(task);
    linkTask(task, record);
  }
  record.runs = counts.runs;
  record.failures = counts.failures;
  record.lastOutcome = counts.lastOutcome;
}
