/**
 * The scheduler's events and the run they describe. They name the Task a run belongs to, so
 * they live here, above tasks/, not in types.ts (which sits below every folder).
 */
import type { Task } from '../tasks/task.js';
import type { RunKind } from '../types.js';

/** One run as events see it. */
export interface RunInfo {
  readonly task: Task;
  readonly scheduledAt: Date;
  readonly startedAt: Date;
  readonly kind: RunKind;
}


/**
 * Each event's payload, for a task type `T` and a run type `R`: the scheduler's own events
 * name Tasks; the variants' hosts send the same events with tasks as `{ name }`.
 */
export interface EventPayloads<T, R> {
  scheduled: { task: T; at: Date };
  start: { task: T; run: R };
  success: { task: T; run: R; value: unknown; durationMs: number };
  error: { task?: T; run?: R; error: unknown };
  skip: { task: T; scheduledAt: Date; runningForMs: number };
  missed: { task: T; count: number; first: Date; last: Date; truncated: boolean };
  cancel: { task: T };
  stop: Record<string, never>;
}

export interface SchedulerEvents extends EventPayloads<Task, RunInfo> {
  /** Durable stores: this process's clock is more than 60 s from the store's (`offsetMs` = store - local); timers follow the store's. */
  clockSkew: { offsetMs: number };
  /** Durable stores: one claim of due slots by this process (`durationMs` of its transaction, `runs` it took). */
  claim: { durationMs: number; runs: number };
  /**
   * Durable stores: a run whose lease ran out (its process died or stalled), found by this
   * process: taken over as a new attempt (`retried`) or failed for good (onLost, maxAttempts).
   */
  lost: { name: string; scheduledAt: Date; attempt: number; retried: boolean };
}

export type EventName = keyof SchedulerEvents;
