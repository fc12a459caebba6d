/**
 * Off-thread runs on a workerpool pool: `thread` (worker_threads) for `threaded` tasks,
 * `process` (child_process.fork) for `forked` ones; the two differ only in `workerType`.
 * The pool is created on first use and terminated by `close()` (the scheduler's `stop()`).
 *
 * Aborting a run (its `timeout`, or `stop()` at its timeout) cancels the workerpool task,
 * which terminates that worker; a worker that dies fails only its own run, with a
 * WorkerCrashError, and the pool starts a fresh one for the next.
 */
import createDebug from 'debug';
import workerpool from 'workerpool';
import type { Pool, WorkerPoolOptions } from 'workerpool';
import type { Task } from '../tasks/task.js';
import type { ModuleReference, RunContext } from '../types.js';
import { WorkerCrashError } from './errors.js';
import type { Executor } from './executor.js';
import { exportNameOf, resolveModuleUrl } from './module-ref.js';
import type { NormalizedPoolOptions } from './pool-options.js';
import { reviveError } from './serialize.js';
import type { WorkerRunRequest } from './worker-entry.js';
import { siblingEntry, workerScript } from './worker-script.js';

const debug = createDebug('kronos:worker');

export type WorkerKind = 'thread' | 'process';

/** A pool worker's thread or process, as far as closing needs it. */
interface LiveWorker {
  once(event: 'exit', listener: () => void): unknown;
  kill?(signal?: string): unknown;
  terminate?(): unknown;
}

export class WorkerPoolExecutor implements Executor {
  #pool: Pool | null = null;
  /** Every thread/process the pool started that has not exited: close() waits for them all. */
  readonly #live = new Set<LiveWorker>();

  constructor(readonly kind: WorkerKind, readonly options: NormalizedPoolOptions) {}

  /** Whether the pool exists (between the first run and `close()`). */
  get started(): boolean {
    return this.#pool !== null;
  }

  /** Workers alive right now (0 before the first run and after `close()`). */
  get workers(): number {
    return this.#pool?.stats().totalWorkers ?? 0;
  }

  run(task: Task, context: RunContext): Promise<unknown> {
    const ref = task.action as ModuleReference;
    const request: WorkerRunRequest = {
      url: task.moduleUrl ?? resolveModuleUrl(ref.module),
      exportName: exportNameOf(ref),
      args: task.args,
      kw: task.kw,
      name: task.name,
      scheduledAt: context.scheduledAt.getTime(),
      attempt: context.attempt,
    };
    return new Promise((resolve, reject) => {
      if (context.signal.aborted) {
        reject(context.signal.reason);
        return;
      }
      const pool = (this.#pool ??= this.#createPool());
      const pending = pool.exec('run', [request]);
      this.#track(pool);
      const onAbort = (): void => {
        debug('abort %s: terminating its %s', task.name, this.kind);
        pending.cancel();
      };
      context.signal.addEventListener('abort', onAbort, { once: true });
      pending.then(
        (value: unknown) => {
          context.signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error: unknown) => {
          context.signal.removeEventListener('abort', onAbort);
          const translated = this.#translate(error, task.name);
          if (translated instanceof WorkerCrashError || context.signal.aborted) this.#nudge();
          reject(context.signal.aborted ? context.signal.reason : translated);
        },
      );
    });
  }

  /** Terminates the pool (running runs were drained or aborted by `stop()` before this). */
  async close(): Promise<void> {
    const pool = this.#pool;
    if (!pool) return;
    this.#pool = null;
    debug('terminate %s pool', this.kind);
    try {
      await pool.terminate(true);
    } catch (error) {
      debug('terminate %s pool: %O', this.kind, error);
    }
    // workerpool resolves before a worker it was already killing (an aborted run's) has
    // exited; wait for every one, and kill what outlives the grace period.
    const grace = this.options.terminateTimeout;
    await Promise.all([...this.#live].map((worker) => untilExit(worker, grace)));
  }

  #track(pool: Pool): void {
    for (const handler of (pool as unknown as { workers: Array<{ worker: LiveWorker | null }> }).workers) {
      const worker = handler.worker;
      if (!worker || this.#live.has(worker)) continue;
      this.#live.add(worker);
      worker.once('exit', () => this.#live.delete(worker));
    }
  }

  #createPool(): Pool {
    const o = this.options;
    const script = workerScript(siblingEntry(import.meta.url, 'worker-entry'));
    const pool: WorkerPoolOptions = { maxWorkers: o.maxWorkers, workerType: this.kind, workerTerminateTimeout: o.terminateTimeout };
    if (this.kind === 'thread') {
      const threadOpts: Record<string, unknown> = { eval: script.thread.eval };
      if (o.maxOldGenerationSizeMb !== undefined) threadOpts.resourceLimits = { maxOldGenerationSizeMb: o.maxOldGenerationSizeMb };
      if (o.env !== undefined) threadOpts.env = o.env;
      pool.workerThreadOpts = threadOpts;
      debug('create thread pool of %d', o.maxWorkers);
      return workerpool.pool(script.thread.script, pool);
    }
    const execArgv = [...o.execArgv, ...script.process.execArgv];
    if (o.maxOldGenerationSizeMb !== undefined) execArgv.push(`--max-old-space-size=${o.maxOldGenerationSizeMb}`);
    // 'advanced' serialization: args and results cross as structured clones, as with threads.
    const forkOpts: Record<string, unknown> = { execArgv, serialization: 'advanced' };
    if (o.env !== undefined) forkOpts.env = o.env;
    pool.forkOpts = forkOpts;
    debug('create process pool of %d', o.maxWorkers);
    return workerpool.pool(script.process.script, pool);
  }

  /**
   * workerpool waits for an 'exit' event that a worker which already died never sends
   * again before it dispatches the runs queued behind the dead one; once the dead worker
   * is out of its list (synchronously, in the same rejection), ask it to dispatch.
   */
  #nudge(): void {
    const pool = this.#pool as unknown as { _next?: () => void } | null;
    setImmediate(() => {
      if (pool && pool === (this.#pool as unknown) && typeof pool._next === 'function') pool._next();
    });
  }

  /** workerpool reports a dead worker through messages; turn them into WorkerCrashError. */
  #translate(error: unknown, taskName: string): Error {
    const message = error instanceof Error ? error.message : '';
    const exit = /terminated Unexpectedly[\s\S]*exitCode: `([^`]*)`[\s\S]*signalCode: `([^`]*)`/.exec(message);
    if (exit) {
      const given = (text: string | undefined) => (text === undefined || text === 'null' || text === 'undefined' || text === '' ? null : text);
      const code = given(exit[1]);
      const exitCode = code === null ? null : Number(code);
      const signal = given(exit[2]);
      return new WorkerCrashError(taskName, this.kind, { exitCode, signal });
    }
    if (message.startsWith('Workerpool Worker error:')) {
      const cause = (error as Error).cause;
      const outOfMemory = (cause as { code?: string } | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
      return new WorkerCrashError(taskName, this.kind, { outOfMemory, cause });
    }
    if (/^(Worker (is )?terminated|Pool terminated)/.test(message)) return new WorkerCrashError(taskName, this.kind, { cause: error });
    return reviveError(error);
  }
}

function untilExit(worker: LiveWorker, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const kill = setTimeout(() => {
      if (worker.kill) worker.kill('SIGKILL');
      else void worker.terminate?.();
    }, graceMs);
    worker.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
  });
}
