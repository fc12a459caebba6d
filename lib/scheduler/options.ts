/** Scheduler options, normalised once: bad values throw naming the option. */
import { invalidType } from '../errors.js';
import type { Executor } from '../execution/executor.js';
import { normalizePoolOptions } from '../execution/pool-options.js';
import type { WorkerOptions } from '../execution/pool-options.js';
import { DefaultExecutor } from '../execution/router.js';
import { consoleLogger } from '../internal/logger.js';
import type { AroundHook, Clock, Logger } from '../types.js';
import { systemClock } from '../internal/clock.js';
import type { Store } from '../store/store.js';
import type { MemoryStore } from '../store/memory-store.js';
import { DURABLE_OPTION_KEYS, checkStore, normalizeDurableOptions } from './durable/options.js';
import type { DurableOptions, NormalizedDurableOptions } from './durable/options.js';

export interface SchedulerOptions<S extends Store = MemoryStore> extends DurableOptions {
  /** Where schedules and their state live; a durable one (`PostgresStore`) runs through the durable engine. @default a MemoryStore */
  store?: S;
  /** Source of time and timers. @default the system clock */
  clock?: Clock;
  /** Where errors and warnings go when nobody listens. @default stderr */
  logger?: Logger;
  /** Let the process exit while the scheduler only waits. @default false */
  unref?: boolean;
  /** Wraps every run of every task (outside each task's own `around`). */
  around?: AroundHook;
  /** @internal where runs execute; the worker executors plug in here. */
  executor?: Executor;
  /**
   * Workers per pool for off-thread runs (one pool of threads for `threaded`, one of
   * processes for `forked`, each created on first use). Runs beyond it wait in the pool.
   * @default os.availableParallelism() - 1, at least 1
   */
  maxWorkers?: number;
  /** How pool workers start: heap limit, Node flags, environment, kill timeout. */
  workerOptions?: WorkerOptions;
  /** Source of randomness for `jitter`: returns a number in [0, 1). @default Math.random */
  random?: () => number;
}

const OPTION_KEYS = ['clock', 'logger', 'unref', 'around', 'executor', 'maxWorkers', 'workerOptions', 'random', ...DURABLE_OPTION_KEYS];

export interface NormalizedSchedulerOptions {
  clock: Clock;
  logger: Logger;
  unref: boolean;
  around: AroundHook | undefined;
  executor: Executor;
  random: () => number;
  store: Store | undefined;
  durable: NormalizedDurableOptions;
}

export function normalizeSchedulerOptions(options: SchedulerOptions<Store>): NormalizedSchedulerOptions {
  if (typeof options !== 'object' || options === null) throw invalidType('options', 'an options object', options);
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.includes(key)) throw new TypeError(`Unknown option \`${key}\` for Scheduler; expected one of: ${OPTION_KEYS.join(', ')}`);
  }
  const logger = options.logger ?? consoleLogger;
  if (typeof logger.warn !== 'function' || typeof logger.error !== 'function') {
    throw invalidType('logger', 'an object with warn() and error() methods', logger);
  }
  const clock = options.clock ?? systemClock;
  for (const method of ['now', 'monotonic', 'setTimeout', 'clearTimeout'] as const) {
    if (typeof clock[method] !== 'function') throw invalidType('clock', 'a Clock with now(), monotonic(), setTimeout() and clearTimeout()', clock);
  }
  if (options.around !== undefined && typeof options.around !== 'function') throw invalidType('around', 'a function', options.around);
  if (options.unref !== undefined && typeof options.unref !== 'boolean') throw invalidType('unref', 'a boolean', options.unref);
  if (options.random !== undefined && typeof options.random !== 'function') throw invalidType('random', 'a function returning a number in [0, 1)', options.random);
  return {
    clock,
    logger,
    unref: options.unref === true,
    around: options.around,
    executor: options.executor ?? new DefaultExecutor(normalizePoolOptions(options)),
    random: options.random ?? Math.random,
    store: checkStore(options.store),
    durable: normalizeDurableOptions(options),
  };
}
