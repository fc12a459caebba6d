/**
 * Scheduler options for the worker pools, normalised once. Thread and process pools take
 * the same options; each translates them into what its kind of worker understands.
 */
import { availableParallelism } from 'node:os';
import { invalidType, outOfRange } from '../errors.js';
import { consoleLogger } from '../internal/logger.js';
import type { Logger } from '../types.js';

/** How pool workers are started. */
export interface WorkerOptions {
  /**
   * Heap limit of each worker (MB): worker threads get it as
   * `resourceLimits.maxOldGenerationSizeMb`, child processes as `--max-old-space-size`.
   * A worker over it dies and fails only its own run, with a `WorkerCrashError`.
   * @default Node's default
   */
  maxOldGenerationSizeMb?: number;
  /** Extra Node flags for forked child processes (threads ignore them). @default [] */
  execArgv?: readonly string[];
  /** Environment of the workers. @default process.env */
  env?: Record<string, string | undefined>;
  /**
   * How long (ms) an unresponsive worker gets to exit before it is killed. An aborted run's
   * child process that ignores SIGTERM gets SIGKILL `2 × terminateTimeout + 50` ms after the abort.
   * @default 500
   */
  terminateTimeout?: number;
}

export interface PoolOptions {
  /** Workers per pool (one pool for `threaded`, one for `forked`). @default availableParallelism() - 1, at least 1 */
  maxWorkers?: number;
  workerOptions?: WorkerOptions;
}

export interface NormalizedPoolOptions {
  maxWorkers: number;
  maxOldGenerationSizeMb: number | undefined;
  execArgv: string[];
  env: Record<string, string | undefined> | undefined;
  terminateTimeout: number;
  /** The scheduler's logger: stray errors from workers (thrown after their run ended) go here. */
  logger: Logger;
}

const WORKER_KEYS = ['maxOldGenerationSizeMb', 'execArgv', 'env', 'terminateTimeout'];

/** `options` is the scheduler's options object: its `logger`, when given, is the pools' too. */
export function normalizePoolOptions(options: PoolOptions & { logger?: Logger }): NormalizedPoolOptions {
  const maxWorkers = options.maxWorkers ?? Math.max(1, availableParallelism() - 1);
  if (typeof maxWorkers !== 'number' || !Number.isInteger(maxWorkers)) throw invalidType('maxWorkers', 'an integer ≥ 1', maxWorkers);
  if (maxWorkers < 1) throw outOfRange('maxWorkers', 'an integer ≥ 1', maxWorkers);
  const worker = options.workerOptions ?? {};
  if (typeof worker !== 'object' || worker === null || Array.isArray(worker)) throw invalidType('workerOptions', 'an options object', worker);
  for (const key of Object.keys(worker)) {
    if (!WORKER_KEYS.includes(key)) throw new TypeError(`Unknown option \`workerOptions.${key}\`; expected one of: ${WORKER_KEYS.join(', ')}`);
  }
  const heap = worker.maxOldGenerationSizeMb;
  if (heap !== undefined && (typeof heap !== 'number' || !Number.isInteger(heap) || heap < 1)) {
    throw (typeof heap === 'number' ? outOfRange : invalidType)('workerOptions.maxOldGenerationSizeMb', 'an integer ≥ 1 (MB)', heap);
  }
  const execArgv = worker.execArgv ?? [];
  if (!Array.isArray(execArgv) || !execArgv.every((arg) => typeof arg === 'string')) {
    throw invalidType('workerOptions.execArgv', 'an array of strings', execArgv);
  }
  if (worker.env !== undefined && (typeof worker.env !== 'object' || worker.env === null)) throw invalidType('workerOptions.env', 'an object', worker.env);
  const terminateTimeout = worker.terminateTimeout ?? 500;
  if (typeof terminateTimeout !== 'number' || !Number.isFinite(terminateTimeout) || terminateTimeout < 0) {
    throw invalidType('workerOptions.terminateTimeout', 'a number of ms ≥ 0', terminateTimeout);
  }
  const logger = options.logger ?? consoleLogger;
  return { maxWorkers, maxOldGenerationSizeMb: heap, execArgv: [...execArgv], env: worker.env, terminateTimeout, logger };
}
