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
import { systemClock } from '../internal/clock.js';
import type { Task } from '../tasks/task.js';
import type { ModuleReference, RunContext } from '../types.js';
import { WorkerCrashError } from '../errors.js';
import type { Executor } from './executor.js';
import { exportNameOf, resolveModuleUrl } from '../internal/module-ref.js';
import type { NormalizedPoolOptions } from './pool-options.js';
import { reviveError } from './serialize.js';
import { failureOf } from './worker-crash.js';
import type { WorkerExit } from './worker-crash.js';
import type { WorkerEvent, WorkerRunRequest } from './worker-entry.js';
import { siblingEntry, workerScript } from './worker-script.js';
import { dispatchQueued, poolWorkers } from './workerpool-internals.js';
import type { PoolWorker } from './workerpool-internals.js';

const debug = createDebug('kronos:worker');

export type WorkerKind = 'thread' | 'process';

/**
 * Timers here pace real threads and processes next to workerpool's own real-time waits, so
 * they run on the system clock even when the scheduler runs on a ManualClock: a test's
 * clock must not hold a SIGTERM-ignoring child alive.
 */
const realTime = systemClock;

export class WorkerPoolExecutor implements Executor {
  #pool: Pool | null = null;
  /** Every thread/process the pool started that has not exited: close() waits for them all. */
  readonly #live = new Set<PoolWorker>();
  /** What Node's 'exit' event reported for each worker that has exited. */
  readonly #exits = new WeakMap<PoolWorker, WorkerExit>();

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
      kind: context.kind,
      attempt: context.attempt,
    };
    return new Promise((resolve, reject) => {
      if (context.signal.aborted) {
        reject(context.signal.reason);
        return;
      }
      const pool = (this.#pool ??= this.#createPool());
      let pid: number | undefined;
      let ranOn: PoolWorker | undefined;
      const on = (event: WorkerEvent): void => {
        if (event.kind !== 'started') return this.#reportStray(event);
        pid = event.pid;
        // A worker workerpool started on its own (replacing a dead one) is first seen here.
        this.#track(pool);
        ranOn = [...this.#live].find((w) => (this.kind === 'process' ? w.pid === event.pid : w.threadId === event.threadId));
      };
      const pending = pool.exec('run', [request], { on });
      this.#track(pool);
      const onAbort = (): void => {
        debug('abort %s: terminating its %s', task.name, this.kind);
        // Armed with the terminate request: a process that ignores SIGTERM (its own handler,
        // a CPU-bound loop) would otherwise hold its pool slot and outlive stop().
        if (this.kind === 'process') this.#killAfterGrace(() => pid);
        pending.cancel();
      };
      context.signal.addEventListener('abort', onAbort, { once: true });
      // workerpool's promises call back synchronously, inside the worker's 'exit' listeners;
      // a native promise runs ours after all of them, so the exit has been recorded.
      Promise.resolve(pending).then(
        (value: unknown) => {
          context.signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error: unknown) => {
          context.signal.removeEventListener('abort', onAbort);
          const exit = ranOn && this.#exits.get(ranOn);
          const failure = failureOf(error, { taskName: task.name, where: this.kind, exit, poolClosed: pool !== this.#pool });
          // The dead worker is out of workerpool's list by now: dispatch what queued behind it.
          if ((failure instanceof WorkerCrashError || context.signal.aborted) && pool === this.#pool) dispatchQueued(pool);
          reject(context.signal.aborted ? context.signal.reason : failure);
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
    const grace = this.options.terminateTimeout;
    try {
      // Bounded: workerpool waits for an exit that a worker ignoring SIGTERM never makes.
      await pool.terminate(true, killGrace(grace) + grace);
    } catch (error) {
      debug('terminate %s pool: %O', this.kind, error);
    }
    // workerpool resolves before a worker it was already killing (an aborted run's) has
    // exited; wait for every one, and kill what outlives the grace period.
    await Promise.all([...this.#live].map((worker) => untilExit(worker, grace)));
  }

  /**
   * workerpool asks an aborted run's worker to clean up, waits `terminateTimeout`, asks it to
   * exit, waits again, then sends SIGTERM and nothing more. After that whole grace, the
   * process running the run is killed with SIGKILL (a no-op if it has gone).
   */
  #killAfterGrace(pidOf: () => number | undefined): void {
    realTime.setTimeout(() => {
      const pid = pidOf();
      if (pid === undefined) return;
      const child = [...this.#live].find((worker) => worker.pid === pid);
      if (child ? child.exitCode !== null || child.signalCode !== null : !isAlive(pid)) return;
      debug('kill %s %d: still alive %d ms after its run was aborted', this.kind, pid, killGrace(this.options.terminateTimeout));
      try {
        if (child?.kill) child.kill('SIGKILL');
        else process.kill(pid, 'SIGKILL');
      } catch (error) {
        debug('kill %d: %O', pid, error);
      }
    }, killGrace(this.options.terminateTimeout));
  }

  /** An error a worker's job threw after its own run had ended: logged for that task; no run fails. */
  #reportStray(event: Extract<WorkerEvent, { kind: 'stray' }>): void {
    const whose = event.task === null ? 'a job' : `task "${event.task}"`;
    const error = reviveError(event.error);
    debug('stray error in a %s from %s: %O', this.kind, whose, error);
    try {
      this.options.logger.error(`An error was thrown in a worker ${this.kind} by ${whose} after its run had ended; no run was failed for it`, error);
    } catch (failure) {
      debug('logger failed: %O', failure);
    }
  }

  #track(pool: Pool): void {
    for (const worker of poolWorkers(pool)) {
      if (this.#live.has(worker)) continue;
      this.#live.add(worker);
      worker.once('exit', (code, signal) => {
        this.#exits.set(worker, { exitCode: code ?? null, signal: signal ?? null });
        this.#live.delete(worker);
      });
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
}

/** From an abort to the SIGKILL: workerpool's two waits of `terminateTimeout`, and a margin. */
function killGrace(terminateTimeout: number): number {
  return 2 * terminateTimeout + 50;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function untilExit(worker: PoolWorker, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const kill = realTime.setTimeout(() => {
      if (worker.kill) worker.kill('SIGKILL');
      else void worker.terminate?.();
    }, graceMs);
    worker.once('exit', () => {
      realTime.clearTimeout(kill);
      resolve();
    });
  });
}
