import { AsyncLocalStorage } from 'node:async_hooks';
import type { RunContext } from '../types.js';

// One store per thread even when this module is loaded twice (CJS and ESM copies under a
// loader, or a job module importing the package from another path): a job's `currentRun()`
// must see the run the executor set.
const KEY = Symbol.for('kronos-scheduler.currentRun');
const holder = globalThis as { [KEY]?: AsyncLocalStorage<RunContext> };
const storage = (holder[KEY] ??= new AsyncLocalStorage<RunContext>());

/** The run the calling code belongs to (name, scheduledAt, signal, attempt), or undefined outside a run. */
export function currentRun(): RunContext | undefined {
  return storage.getStore();
}

/**
 * Not public API: runs `fn(arg)` with `context` visible to `currentRun()` in everything it calls,
 * including the async continuations it starts. Same mechanism as `AsyncLocalStorage.run`
 * (set the store on the current async resource, restore it after), without the rest-args
 * array `run` allocates on every call: this is on the path of every run.
 */
export function withRun<A, T>(context: RunContext, fn: (arg: A) => T, arg: A): T {
  const previous = storage.getStore();
  storage.enterWith(context);
  try {
    return fn(arg);
  } finally {
    storage.enterWith(previous as RunContext);
  }
}
