import { AsyncLocalStorage } from 'node:async_hooks';
import type { RunContext } from '../types.js';

const storage = new AsyncLocalStorage<RunContext>();

/** The run the calling code belongs to (name, scheduledAt, signal, attempt), or undefined outside a run. */
export function currentRun(): RunContext | undefined {
  return storage.getStore();
}

/** @internal runs `fn` with `context` visible to `currentRun()` in everything it calls. */
export function withRun<T>(context: RunContext, fn: () => T): T {
  return storage.run(context, fn);
}
