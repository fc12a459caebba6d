/**
 * Options of ThreadedScheduler/ForkedScheduler, normalised once at construction: a bad value
 * is refused by the constructor, not at the first call that would use it.
 */
import { invalidType, outOfRange } from '../errors.js';
import { normalizePoolOptions } from '../execution/pool-options.js';
import type { PoolOptions } from '../execution/pool-options.js';
import type { Logger } from '../types.js';

export interface VariantOptions extends PoolOptions {
  /** Where errors go when nobody listens for `error`. @default stderr */
  logger?: Logger;
  /** Start a new host with the same tasks when it dies. @default true */
  restart?: boolean;
  /** First wait before a restart (ms); it doubles with each crash in a row. @default 100 */
  restartDelay?: number;
  /** Longest wait before a restart (ms); a host that stays up 60 s resets the back-off. @default 30000 */
  maxRestartDelay?: number;
  /** Attempts a run gets when its host dies under it (1: never retried). @default 3 */
  maxAttempts?: number;
  /** How long any request waits for the host's answer (ms). @default 30000 */
  requestTimeout?: number;
  /** After stop()'s `timeout`, how long the host has to answer before it is terminated, then killed (ms). @default 2000 */
  stopGrace?: number;
}

export type NormalizedVariantOptions = Required<Pick<VariantOptions, 'restartDelay' | 'maxRestartDelay' | 'maxAttempts' | 'requestTimeout' | 'stopGrace'>> & VariantOptions;

export function normalizeVariantOptions(options: VariantOptions): NormalizedVariantOptions {
  if (typeof options !== 'object' || options === null) throw invalidType('options', 'an options object', options);
  // The host's pools would refuse these only at its first off-thread run: refuse them here.
  normalizePoolOptions(options);
  return {
    ...options,
    restartDelay: checkMs(options.restartDelay, 'restartDelay', 100),
    maxRestartDelay: checkMs(options.maxRestartDelay, 'maxRestartDelay', 30_000),
    maxAttempts: checkCount(options.maxAttempts, 'maxAttempts', 3),
    requestTimeout: checkMs(options.requestTimeout, 'requestTimeout', 30_000),
    stopGrace: checkMs(options.stopGrace, 'stopGrace', 2000),
  };
}

function checkMs(value: unknown, option: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw invalidType(option, 'an integer number of ms', value);
  if (value < 0 || value > 2 ** 31 - 1) throw outOfRange(option, 'between 0 and 2147483647 ms', value);
  return value;
}

function checkCount(value: unknown, option: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw invalidType(option, 'a positive integer', value);
  if (value < 1) throw outOfRange(option, 'a positive integer', value);
  return value;
}
