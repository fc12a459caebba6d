/**
 * One run, as the runner, the events, `reschedule` and the action's `currentRun()` see it.
 * A single object per run, with its Dates and its AbortController made only when somebody
 * asks: dispatching 100 000 runs must not mean 100 000 controllers and 300 000 Dates.
 */
import type { Task } from '../tasks/task.js';
import type { LastRun } from '../tasks/task.js';
import type { Outcome, OutcomeStatus, RunContext, RunInfo, RunKind } from '../types.js';

export class Run implements RunInfo, RunContext, LastRun {
  readonly attempt = 1;
  finishedMs: number;
  settled = false;
  /** The timeout timer, if the task has a `timeout`. */
  timer: unknown = undefined;
  #controller: AbortController | undefined = undefined;
  #scheduledAt: Date | undefined = undefined;
  #startedAt: Date | undefined = undefined;

  constructor(
    readonly task: Task,
    readonly kind: RunKind,
    readonly scheduledMs: number,
    readonly startedMs: number,
    /** Whether this run carries the task's schedule on (not manual or already-rescheduled runs). */
    readonly reschedules: boolean,
    /** Whether that reschedule waits for the run's end (sequential and catch-up runs). */
    readonly rescheduleAtEnd: boolean,
    /** Runs in the sequential lane release it when they end. */
    readonly sequential: boolean,
  ) {
    this.finishedMs = startedMs;
  }

  get name(): string {
    return this.task.name;
  }

  get scheduledAt(): Date {
    return (this.#scheduledAt ??= new Date(this.scheduledMs));
  }

  get startedAt(): Date {
    return (this.#startedAt ??= new Date(this.startedMs));
  }

  /** For `reschedule`: the end for runs rescheduled at their end, else the start. */
  get finishedAt(): Date {
    return this.rescheduleAtEnd ? new Date(this.finishedMs) : this.startedAt;
  }

  get signal(): AbortSignal {
    return (this.#controller ??= new AbortController()).signal;
  }

  /** Aborts the signal if anybody took it; a run nobody listens to has nothing to abort. */
  abort(reason: unknown): void {
    this.#controller?.abort(reason);
  }

  outcome(status: OutcomeStatus, now: number, error?: unknown): Outcome {
    return new RunOutcome(status, now, now - this.startedMs, this.startedMs - this.scheduledMs, error);
  }
}

/** An Outcome whose Date is made when read. */
class RunOutcome implements Outcome {
  #at: Date | undefined = undefined;
  // `declare`: no own property unless there was an error (a success has no `error` key).
  declare error?: unknown;

  constructor(
    readonly status: OutcomeStatus,
    readonly atMs: number,
    readonly durationMs: number,
    readonly latenessMs: number,
    error: unknown,
  ) {
    if (error !== undefined || status === 'error') this.error = error;
  }

  get at(): Date {
    return (this.#at ??= new Date(this.atMs));
  }

  toJSON(): Record<string, unknown> {
    const json: Record<string, unknown> = { status: this.status, at: this.at, durationMs: this.durationMs, latenessMs: this.latenessMs };
    if ('error' in this) json.error = this.error;
    return json;
  }
}
