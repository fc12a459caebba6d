/**
 * What a Task and its scheduler tell each other: the run a `reschedule` hook learns about,
 * and the scheduler's record as the task sees it.
 */
import type { Clock, Outcome } from '../types.js';

/** What `reschedule` learns about the run that just happened. */
export interface LastRun {
  readonly scheduledAt: Date;
  readonly startedAt: Date;
  /** Equal to `startedAt` for modes rescheduled at start (concurrent, threaded, forked). */
  readonly finishedAt: Date;
  /** `scheduledAt` in epoch ms, when the scheduler provides it (saves a Date per run). */
  readonly scheduledMs?: number;
  /** `finishedAt` in epoch ms, likewise. */
  readonly finishedMs?: number;
  /**
   * The task's last outcome when `reschedule` is called: this run's for runs rescheduled at
   * their end (sequential, catch-up), else the previous run's (undefined before any ended).
   */
  readonly outcome?: Outcome | undefined;
}

/**
 * Not public API: the scheduler's record of a task, as far as the task may see it: the clock of
 * the scheduler that holds it (null when none does).
 */
export interface TaskLink {
  readonly clock: Clock | null;
}
