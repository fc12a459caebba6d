/**
 * The script every pool worker (thread or child process) runs. It registers one workerpool
 * method, `run`, which imports the task's module (cached per worker), calls the export with
 * `currentRun()` set, and returns the result (structured-cloned back by workerpool).
 *
 * Loading: from the built package this file is `dist/execution/worker-entry.js` and is
 * loaded directly. From TypeScript sources (tests under tsx) the executor starts threads
 * with a tiny eval bootstrap that registers tsx first, and child processes with
 * `--import tsx` (see worker-script.ts). Job modules written in TypeScript load in either
 * case when tsx is installed (module-ref.ts registers it on demand).
 */
import workerpool from 'workerpool';
import { withRun } from '../scheduler/current-run.js';
import type { RunContext } from '../types.js';
import { loadExport } from './module-ref.js';
import { serializeError } from './serialize.js';

/** What crosses to the worker for one run (all structured-cloneable). */
export interface WorkerRunRequest {
  url: string;
  exportName: string;
  args: readonly unknown[];
  kw: Record<string, unknown> | undefined;
  name: string;
  scheduledAt: number;
  attempt: number;
}

async function run(request: WorkerRunRequest): Promise<unknown> {
  try {
    const fn = await loadExport(request.url, request.exportName);
    // Aborting an off-thread run terminates the worker, so this signal never fires; it is
    // here so actions written against `currentRun().signal` work unchanged.
    const context: RunContext = {
      name: request.name,
      scheduledAt: new Date(request.scheduledAt),
      signal: new AbortController().signal,
      attempt: request.attempt,
    };
    const args = request.kw === undefined ? request.args : [...request.args, request.kw];
    return await withRun(context, (values) => fn(...values), args);
  } catch (error) {
    // workerpool keeps only own properties of what is thrown: send a plain description.
    throw serializeError(error);
  }
}

workerpool.worker({ run });
