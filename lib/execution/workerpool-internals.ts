/**
 * The only file that reaches past workerpool's public API (checked against workerpool 10.0.x
 * by test/execution/workerpool-internals.test.ts, which fails if either fact changes; see
 * docs/dependencies.md). Everything else in lib/ uses `pool.exec`, `pool.stats`,
 * `pool.terminate` and `workerpool.TerminateError`.
 *
 * 1. `pool.workers[i].worker`: the ChildProcess or worker_threads Worker behind each handler.
 *    workerpool tells nobody when one exits or with what code and signal (only inside the
 *    text of a TerminateError's message), and `terminate()` resolves before a worker it was
 *    already killing has exited. We listen to Node's own `'exit'` event on these objects.
 * 2. `pool._next()`: workerpool waits for an `'exit'` event that a worker which already died
 *    does not send again before it dispatches the runs queued behind the dead one.
 */
import type { Pool } from 'workerpool';

/** A pool worker's thread or process: the public Node API of ChildProcess / worker_threads Worker. */
export interface PoolWorker {
  once(event: 'exit', listener: (code: number | null, signal?: string | null) => void): unknown;
  /** Child processes. */
  pid?: number;
  /** Worker threads (-1 once exited). */
  threadId?: number;
  /** Child processes: set before `'exit'` is emitted. */
  exitCode?: number | null;
  signalCode?: string | null;
  kill?(signal?: string): unknown;
  terminate?(): unknown;
}

interface PoolPrivates {
  workers?: Array<{ worker?: PoolWorker | null }>;
  _next?: () => void;
}

/** The threads or processes the pool holds right now (workers it created and has not removed). */
export function poolWorkers(pool: Pool): PoolWorker[] {
  const handlers = (pool as unknown as PoolPrivates).workers;
  if (!Array.isArray(handlers)) return [];
  const workers: PoolWorker[] = [];
  for (const handler of handlers) if (handler?.worker) workers.push(handler.worker);
  return workers;
}

/** Asks the pool to hand queued runs to free (or new) workers. */
export function dispatchQueued(pool: Pool): void {
  const next = (pool as unknown as PoolPrivates)._next;
  if (typeof next === 'function') next.call(pool);
}
