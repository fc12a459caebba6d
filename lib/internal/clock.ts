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

/** Longest delay `setTimeout` honours: Node fires a longer one (or NaN) after 1 ms. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** A timer for a duration of any size (see {@link setLongTimeout}). */
export interface LongTimer {
  /** The clock timer armed for the current leg; undefined once fired, cleared, or for Infinity. */
  handle: unknown;
}

/**
 * Arms `callback` after `ms` through `clock`, chaining legs of at most {@link MAX_TIMER_MS}
 * so that a 25-day `timeout` does not overflow into a 1 ms one; `Infinity` never fires.
 * Every duration-sized timer (a run's `timeout`, the stop timeout) goes through here.
 */
export function setLongTimeout(clock: Clock, callback: () => void, ms: number): LongTimer {
  const timer: LongTimer = { handle: undefined };
  if (ms === Number.POSITIVE_INFINITY) return timer;
  let remaining = Math.max(0, ms);
  const fire = (): void => {
    timer.handle = undefined;
    callback();
  };
  const arm = (): void => {
    const leg = Math.min(remaining, MAX_TIMER_MS);
    remaining -= leg;
    timer.handle = clock.setTimeout(remaining > 0 ? arm : fire, leg);
  };
  arm();
  return timer;
}

export function clearLongTimeout(clock: Clock, timer: LongTimer): void {
  if (timer.handle === undefined) return;
  clock.clearTimeout(timer.handle);
  timer.handle = undefined;
}
