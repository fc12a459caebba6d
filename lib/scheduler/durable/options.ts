/** The scheduler options of a durable store, checked once (bad values throw naming the option). */
import { invalidType, outOfRange } from '../../errors.js';
import { toMillis } from '../../time/duration.js';
import type { Duration } from '../../types.js';
import type { Store } from '../../store/store.js';
import { checkBoolean, checkInteger } from '../../tasks/options.js';

export interface DurableOptions {
  /** Queues whose schedules this process runs. @default ['default'] */
  queues?: readonly string[];
  /** `false`: a producer only, which declares and manages schedules but never claims or runs them. @default true */
  execute?: boolean;
  /** How long a claimed run's lease lasts without a heartbeat (renewed every third of it), ms. @default 30 000 */
  leaseMs?: number;
  /** Longest wait between two looks at the store when nothing is known to be due, ms. @default 5000 */
  pollInterval?: number;
  /** Finished runs kept per schedule (older ones are pruned); null keeps them all. @default 100 */
  keepRuns?: number | null;
  /** Finished runs kept for this long (older ones are pruned); null keeps them however old. @default { days: 7 } */
  keepFor?: Duration | null;
}

export const DURABLE_OPTION_KEYS = ['store', 'queues', 'execute', 'leaseMs', 'pollInterval', 'keepRuns', 'keepFor'];

export const DEFAULT_KEEP_RUNS = 100;
export const DEFAULT_KEEP_FOR_MS = 7 * 86_400_000;

export interface NormalizedDurableOptions {
  queues: readonly string[];
  execute: boolean;
  leaseMs: number;
  pollInterval: number;
  /** Null: no limit. */
  keepRuns: number | null;
  /** Null: no limit. */
  keepForMs: number | null;
}

export function checkStore(store: unknown): Store | undefined {
  if (store === undefined) return undefined;
  const candidate = store as Partial<Store> | null;
  if (typeof candidate !== 'object' || candidate === null || typeof candidate.durable !== 'boolean' || typeof candidate.claim !== 'function') {
    throw invalidType('store', 'a Store (MemoryStore, PostgresStore)', store);
  }
  return store as Store;
}

export function normalizeDurableOptions(options: DurableOptions): NormalizedDurableOptions {
  const queues = options.queues ?? ['default'];
  if (!Array.isArray(queues) || queues.length === 0) throw invalidType('queues', 'a non-empty array of queue names', queues);
  for (const [i, queue] of queues.entries()) {
    if (typeof queue !== 'string' || queue.trim().length === 0) throw invalidType(`queues[${i}]`, 'a non-empty string', queue);
  }
  const leaseMs = checkInteger(options.leaseMs, 'leaseMs', 3, 30_000);
  const pollInterval = checkInteger(options.pollInterval, 'pollInterval', 1, 5000);
  if (leaseMs > 2 ** 31 - 1) throw outOfRange('leaseMs', 'at most 2147483647 ms', leaseMs);
  const keepRuns = options.keepRuns === null ? null : checkInteger(options.keepRuns, 'keepRuns', 0, DEFAULT_KEEP_RUNS);
  const keepForMs = options.keepFor === null ? null : options.keepFor === undefined ? DEFAULT_KEEP_FOR_MS : toMillis(options.keepFor, 'keepFor');
  return { queues: [...queues], execute: checkBoolean(options.execute, 'execute', true), leaseMs, pollInterval, keepRuns, keepForMs };
}
