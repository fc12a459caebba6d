/**
 * Why an off-thread run failed, from facts rather than message text: workerpool's error
 * type (`TerminateError`, public), the worker's own error (its `cause`, with Node's error
 * code), the exit code and signal Node reported in the worker's `'exit'` event, and whether
 * we terminated the pool ourselves.
 */
import workerpool from 'workerpool';
import { WorkerCrashError } from '../errors.js';
import { reviveError } from './serialize.js';

/** What Node's `'exit'` event of the run's thread or process reported. */
export interface WorkerExit {
  exitCode: number | null;
  signal: string | null;
}

export interface FailureFacts {
  taskName: string;
  where: 'thread' | 'process';
  /** The exit of the worker that ran the run, once it has exited. */
  exit: WorkerExit | undefined;
  /** The pool was terminated by `close()` while the run was pending. */
  poolClosed: boolean;
}

/** The error a failed off-thread run reports: a WorkerCrashError when its worker died, else the job's own error. */
export function failureOf(error: unknown, facts: FailureFacts): Error {
  const { taskName, where } = facts;
  if (error instanceof workerpool.TerminateError) {
    // workerpool rejects with the worker's own 'error' (out of memory, an uncaught error) as
    // `cause`; after an 'exit' it gives no cause, and the exit facts are ours.
    const cause = error.cause;
    if (cause !== undefined) {
      const outOfMemory = (cause as { code?: unknown } | null)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
      return new WorkerCrashError(taskName, where, { outOfMemory, cause });
    }
    if (facts.exit) return new WorkerCrashError(taskName, where, { exitCode: facts.exit.exitCode, signal: facts.exit.signal });
    return new WorkerCrashError(taskName, where, { cause: error });
  }
  // Termination of a pool we closed rejects what was pending on it with plain Errors.
  if (facts.poolClosed) return new WorkerCrashError(taskName, where, { cause: error });
  return reviveError(error);
}
