import { AsyncLocalStorage } from 'node:async_hooks';
import type { RunContext } from '../types.js';

// One store per thread even when this module is loaded twice (CJS and ESM copies under a
// loader, or a job module importing the package from another path): a job's `currentRun()`
// must see the run the executor set.
const KEY = Symbol.for('kronos-scheduler.currentRun');
const holder = globalThis as { [KEY]?: AsyncLocalStorage<RunContext> };
/** Not public API: the store `currentRun()` reads; in-process.ts sets it around each run. */
export const runStorage = (holder[KEY] ??= new AsyncLocalStorage<RunContext>());

/** The run the calling code belongs to (name, scheduledAt, signal, attempt), or undefined outside a run. */
export function currentRun(): RunContext | undefined {
  return runStorage.getStore();
}
