/**
 * Shared vocabulary: option shapes and outcomes. Closed vocabularies are string unions (not
 * enums) so that plain strings from config files type-check. The events, which name a Task,
 * are in scheduler/events.ts: this file sits below every folder and imports none.
 */

/** An elapsed time as an object; every key is optional and the values add up. */
export interface DurationObject {
  weeks?: number;
  days?: number;
  hours?: number;
  minutes?: number;
  seconds?: number;
  milliseconds?: number;
}

/**
 * Where a task's action runs.
 * - `sequential`: main thread, one FIFO lane shared by all sequential runs ("quick tasks only").
 * - `concurrent`: main thread, not awaited by the loop (the default for functions).
 * - `threaded`: a worker thread; `forked`: a child process (module references only).
 */
export type ProcessMethod = 'sequential' | 'concurrent' | 'threaded' | 'forked';

/** What to do with slots that were missed by more than `misfireGraceTime`. */
export type CatchUp = 'once' | 'skip' | 'all';

/** What to do when a run comes due while `maxInstances` runs are already going. */
export type Overlap = 'skip' | 'queue';

export type TaskState = 'scheduled' | 'running' | 'paused' | 'failed';

/** Elapsed time: integer milliseconds, or parts summed as elapsed time (`{ days: 1 }` is 24 h). */
export type Duration = number | DurationObject;

/** `[hour, minute]`, `[hour, minute, second]` or `'HH:MM[:SS]'`. */
export type TimeOfDay = readonly [number, number] | readonly [number, number, number] | string;

/** An action named by module and export, so it can run off-thread or be stored. */
export interface ModuleReference {
  module: string | URL;
  /** @default 'default' */
  export?: string;
}

// biome/eslint would flag `any` here; it is deliberate: actions take whatever args the user gives.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ActionFunction = (...args: any[]) => unknown;
export type Action = ActionFunction | ModuleReference;

/** What `currentRun()` returns inside an action. */
export interface RunContext {
  readonly name: string;
  readonly scheduledAt: Date;
  /** `scheduled` (its slot), `catchup` (a late slot run under `catchUp`) or `manual` (`runNow`). */
  readonly kind: RunKind;
  readonly signal: AbortSignal;
  readonly attempt: number;
}

export type OutcomeStatus = 'success' | 'error' | 'timeout' | 'skipped';

export interface Outcome {
  status: OutcomeStatus;
  /** When the run finished (or was skipped). */
  at: Date;
  durationMs: number;
  latenessMs: number;
  error?: unknown;
}

/** Where a task was declared: in code (`'api'`), in a job file (`'file'`), over the HTTP admin API (`'http'`). */
export type TaskSource = 'file' | 'api' | 'http';

export interface TaskInfo {
  name: string;
  nextRunAt: Date | null;
  state: TaskState;
  lastOutcome?: Outcome;
  runs: number;
  failures: number;
  /** Where the task was declared (its `source` option); in memory, absent for a task given none (declared in code, read as `'api'`). */
  source?: TaskSource;
}

/** Where failures and warnings go when nobody listens for them. */
export interface Logger {
  warn(message: string, details?: unknown): void;
  error(message: string, details?: unknown): void;
}

/**
 * The scheduler's only source of time. `now()` is the wall clock (it can jump);
 * `monotonic()` only moves forward and measures elapsed time; timers count elapsed time.
 */
export interface Clock {
  now(): number;
  monotonic(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Wraps every run: set up context before `next()`, tear it down after. */
export type AroundHook = (run: RunContext, next: () => Promise<unknown>) => Promise<unknown> | unknown;

/** `scheduled`: a regular slot; `manual`: `runNow`; `catchup`: a late slot run under `catchUp: 'all'`. */
export type RunKind = 'scheduled' | 'manual' | 'catchup';
