/**
 * Errors of off-thread execution. They live here, next to the executors that raise them,
 * and are re-exported from the package root like every other SchedulerError.
 */
import { SchedulerError } from '../errors.js';

/** What killed a worker, as far as the platform tells us. */
export interface WorkerCrashDetails {
  /** Exit code of the thread or process, when it exited. */
  exitCode?: number | null;
  /** Signal that killed the process (`'SIGKILL'`, `'SIGABRT'`...), when one did. */
  signal?: string | null;
  /** True when the worker ran out of heap (`resourceLimits` / `--max-old-space-size`). */
  outOfMemory?: boolean;
  /** The underlying error, when the worker reported one before dying. */
  cause?: unknown;
}

/**
 * A worker thread or child process died during a run (exit, signal, out of memory, an
 * uncaught error outside the action). Only that run fails; the worker is replaced.
 */
export class WorkerCrashError extends SchedulerError {
  override name = 'WorkerCrashError';
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly outOfMemory: boolean;

  constructor(readonly taskName: string, readonly where: 'thread' | 'process', details: WorkerCrashDetails = {}) {
    super(`The worker ${where} running task "${taskName}" died ${describeDeath(details)}`, { cause: details.cause });
    this.exitCode = details.exitCode ?? null;
    this.signal = details.signal ?? null;
    this.outOfMemory = details.outOfMemory === true;
  }
}

function describeDeath(details: WorkerCrashDetails): string {
  if (details.outOfMemory) return '(out of memory)';
  if (details.signal) return `(killed by ${details.signal})`;
  if (details.exitCode !== undefined && details.exitCode !== null) return `(exit code ${details.exitCode})`;
  const cause = details.cause instanceof Error ? details.cause.message : undefined;
  return cause ? `(${cause})` : '(no exit code reported)';
}

/** A module-referenced action whose module could not be imported or has no such export. */
export class ModuleLoadError extends SchedulerError {
  override name = 'ModuleLoadError';
  constructor(readonly module: string, readonly exportName: string, detail: string, options?: { cause?: unknown }) {
    super(`Cannot load action \`${exportName}\` from ${module}: ${detail}`, options);
  }
}

/** The thread or process hosting a ThreadedScheduler/ForkedScheduler died; it is restarted unless stopped. */
export class SchedulerCrashError extends SchedulerError {
  override name = 'SchedulerCrashError';
  constructor(readonly where: 'thread' | 'process', readonly exitCode: number | null, readonly signal: string | null) {
    super(`The scheduler ${where} died (${signal ? `killed by ${signal}` : `exit code ${String(exitCode)}`})`);
  }
}
