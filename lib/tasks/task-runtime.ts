/**
 * The scheduler-owned state of a task. A million idle tasks must stay cheap, so the fields
 * most tasks never use (a queued run, catch-up count, paused position, jitter) share one
 * object made on first use, and read as their defaults until then.
 */
import type { Entry } from '../scheduler/queue.js';
import type { Outcome, RunKind, TaskState } from '../types.js';

interface Rare {
  pending: { scheduledAt: number; kind: RunKind } | null;
  catchUpRuns: number;
  pausedAt: number | null;
  jitterMs: number;
}

export abstract class TaskRuntime {
  /** @internal the task's regular heap entry */
  entry: Entry | null = null;
  /** @internal the scheduler the task belongs to */
  owner: object | null = null;
  /** @internal runs going on (or waiting in the sequential lane) */
  running = 0;
  state: TaskState = 'scheduled';
  runs = 0;
  failures = 0;
  lastOutcome: Outcome | undefined = undefined;
  /** @internal the registry's list of unnamed tasks */
  prevTask: TaskRuntime | null = null;
  /** @internal */
  nextTask: TaskRuntime | null = null;
  #rare: Rare | null = null;

  #get(): Rare {
    return (this.#rare ??= { pending: null, catchUpRuns: 0, pausedAt: null, jitterMs: 0 });
  }

  /** @internal a run waiting for a free instance (`overlap: 'queue'`) */
  get pending(): Rare['pending'] {
    return this.#rare?.pending ?? null;
  }
  set pending(value: Rare['pending']) {
    if (value !== null || this.#rare) this.#get().pending = value;
  }

  /** @internal late slots run back to back so far (`catchUp: 'all'`) */
  get catchUpRuns(): number {
    return this.#rare?.catchUpRuns ?? 0;
  }
  set catchUpRuns(value: number) {
    if (value !== 0 || this.#rare) this.#get().catchUpRuns = value;
  }

  /** @internal where a paused task stood, to resume on its grid */
  get pausedAt(): number | null {
    return this.#rare?.pausedAt ?? null;
  }
  set pausedAt(value: number | null) {
    if (value !== null || this.#rare) this.#get().pausedAt = value;
  }

  /** @internal the random delay added to the current entry (`jitter`) */
  get jitterMs(): number {
    return this.#rare?.jitterMs ?? 0;
  }
  set jitterMs(value: number) {
    if (value !== 0 || this.#rare) this.#get().jitterMs = value;
  }
}
