/**
 * The script every pool worker (thread or child process) runs. It registers one workerpool
 * method, `run`, which imports the task's module (cached per worker), calls the export with
 * `currentRun()` set, and returns the result (structured-cloned back by workerpool).
 *
 * Loading: from the built package this file is `dist/execution/worker-entry.js` and is
 * loaded directly. From TypeScript sources (tests under tsx) the executor starts threads
 * with a tiny eval bootstrap that registers tsx first, and child processes with
 * `--import tsx` (see worker-script.ts). Job modules written in TypeScript load in either
 * case when tsx is installed (module-ref.ts registers it before their first import).
 */
import { threadId } from 'node:worker_threads';
import workerpool from 'workerpool';
import { currentRun } from './current-run.js';
import { withRun } from './in-process.js';
import type { RunContext, RunKind } from '../types.js';
import { loadExport } from '../internal/module-ref.js';
import { serializeError } from './serialize.js';
import type { SerializedError } from './serialize.js';

/** What crosses to the worker for one run (all structured-cloneable). */
export interface WorkerRunRequest {
  url: string;
  exportName: string;
  args: readonly unknown[];
  kw: Record<string, unknown> | undefined;
  name: string;
  scheduledAt: number;
  kind: RunKind;
  attempt: number;
}

/**
 * What a worker tells the executor beside a run's result (workerpool events): which process
 * or thread runs it, so an aborted run can be killed even when the process ignores SIGTERM
 * and a crash is reported with that worker's exit code and signal; and errors
 * thrown from a timer or left unhandled after their own run had ended ("strays").
 */
export type WorkerEvent =
  | { kind: 'started'; pid: number; threadId: number }
  | { kind: 'stray'; task: string | null; scheduledAt: number | null; error: SerializedError };

// Runs in flight on this worker, by their context: a stray error that carries one of these
// contexts (AsyncLocalStorage follows timers and promises) fails that run, and no other.
const inFlight = new Map<RunContext, (error: unknown) => void>();
const unsent: WorkerEvent[] = [];

function onStrayError(error: unknown): void {
  const owner = currentRun();
  const fail = owner === undefined ? undefined : inFlight.get(owner);
  if (fail) return fail(error);
  // A run that has ended, or no run at all: the worker lives on and the run on it now is
  // not blamed; the executor logs the error for the task it came from.
  const event: WorkerEvent = { kind: 'stray', task: owner?.name ?? null, scheduledAt: owner?.scheduledAt.getTime() ?? null, error: serializeError(error) };
  if (inFlight.size > 0) workerpool.workerEmit(event);
  else unsent.push(event);
}
process.on('uncaughtException', onStrayError);
process.on('unhandledRejection', onStrayError);

async function run(request: WorkerRunRequest): Promise<unknown> {
  workerpool.workerEmit({ kind: 'started', pid: process.pid, threadId } satisfies WorkerEvent);
  for (const event of unsent.splice(0)) workerpool.workerEmit(event);
  // Aborting an off-thread run terminates the worker, so this signal never fires; it is
  // here so actions written against `currentRun().signal` work unchanged.
  const context: RunContext = {
    name: request.name,
    scheduledAt: new Date(request.scheduledAt),
    kind: request.kind,
    signal: new AbortController().signal,
    attempt: request.attempt,
  };
  try {
    const fn = await loadExport(request.url, request.exportName);
    const args = request.kw === undefined ? request.args : [...request.args, request.kw];
    const strayOfThisRun = new Promise<never>((_, reject) => inFlight.set(context, reject));
    const result = await Promise.race([withRun(context, (values) => fn(...values), args), strayOfThisRun]);
    checkCloneable(result, request);
    return result;
  } catch (error) {
    // workerpool keeps only own properties of what is thrown: send a plain description.
    throw serializeError(error);
  } finally {
    inFlight.delete(context);
  }
}

/**
 * A result that cannot cross back would fail inside workerpool's send with a DOMException
 * whose message it loses (an empty error); say here which task and what could not be cloned.
 * The check clones the result once more, which only object results pay.
 */
function checkCloneable(result: unknown, request: WorkerRunRequest): void {
  if (typeof result !== 'object' && typeof result !== 'function' && typeof result !== 'symbol') return;
  if (result === null) return;
  try {
    structuredClone(result);
  } catch (error) {
    throw new TypeError(
      `Task "${request.name}": the result of \`${request.exportName}\` (${request.url}) cannot be structured-cloned ` +
        `back from the worker: ${(error as Error).message} Return plain data (no functions, symbols or handles).`,
    );
  }
}

workerpool.worker({ run });
