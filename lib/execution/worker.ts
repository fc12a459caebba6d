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

export class WorkerPoolExecutor implements Executor {
  #pool: Pool | null = null;

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
      const pending = (this.#pool ??= this.#createPool()).exec('run', [request]);
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
          reject(context.signal.aborted ? context.signal.reason : this.#translate(error, task.name));
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

  /** workerpool reports a dead worker through messages; turn them into WorkerCrashError. */
  #translate(error: unknown, taskName: string): Error {
    const message = error instanceof Error ? error.message : '';
    const exit = /terminated Unexpectedly[\s\S]*exitCode: `([^`]*)`[\s\S]*signalCode: `([^`]*)`/.exec(message);
    if (exit) {
      const exitCode = exit[1] === 'null' || exit[1] === undefined ? null : Number(exit[1]);
      const signal = exit[2] === 'null' || exit[2] === undefined ? null : exit[2];
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
