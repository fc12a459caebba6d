import { performance } from 'node:perf_hooks';
import type { Clock } from '../types.js';

/**
 * The real clock. Nothing else in lib/ reads `Date.now()` or calls `setTimeout`, so a
 * `ManualClock` can stand in for it everywhere.
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** `unref()` a timer handle where the clock's handles support it (the system clock's do). */
export function unrefHandle(handle: unknown): void {
  if (handle && typeof (handle as { unref?: unknown }).unref === 'function') {
    (handle as { unref(): void }).unref();
  }
}
