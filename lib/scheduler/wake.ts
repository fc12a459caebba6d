/**
 * When to wake for what is due: the scheduler's one timer, armed for the heap head
 * (WakeTimer), and the watch on wall-clock steps that moves interval slots (WallStepWatch).
 */
import type { Clock } from '../types.js';
import { unrefHandle } from '../internal/clock.js';

/** Backward wall-clock steps that add up to more than this move interval slots (DESIGN §4). */
export const CLOCK_STEP_MS = 1000;

/** Longest single sleep: long delays never overflow `setTimeout`, and a suspend or a clock change is noticed within it. */
export const MAX_SLEEP_MS = 30_000;

/**
 * The scheduler's one timer, armed for the heap head. It sleeps at most 30 s and the owner
 * re-reads the clock on every wake (and asks the WallStepWatch below whether the wall clock
 * was stepped back meanwhile).
 */
export class WakeTimer {
  #handle: unknown = undefined;
  /** Wall time the armed timer aims at, or Infinity when disarmed. */
  #target = Number.POSITIVE_INFINITY;

  constructor(
    private readonly clock: Clock,
    private readonly onWake: () => void,
    private readonly unref: boolean,
  ) {}

  /** Whether `armFor(at)` would change anything (saves reading the clock when not). */
  wouldArm(at: number): boolean {
    return this.#handle === undefined || this.#target > at;
  }

  /**
   * Arms for `at` unless already armed for the same time or earlier. `minDelay` keeps a
   * drain from re-waking at once for entries it placed itself.
   */
  armFor(at: number, now: number, minDelay = 0): void {
    if (this.#handle !== undefined && this.#target <= at) return;
    this.disarm();
    const delay = Math.min(Math.max(minDelay, at - now), MAX_SLEEP_MS);
    this.#target = at;
    this.#handle = this.clock.setTimeout(this.#fire, delay);
    if (this.unref) unrefHandle(this.#handle);
  }

  disarm(): void {
    if (this.#handle === undefined) return;
    this.clock.clearTimeout(this.#handle);
    this.#handle = undefined;
    this.#target = Number.POSITIVE_INFINITY;
  }

  #fire = (): void => {
    this.#handle = undefined;
    this.#target = Number.POSITIVE_INFINITY;
    this.onWake();
  };
}

/**
 * Steps of the wall clock, measured against the monotonic clock. Interval slots measure
 * elapsed time, so the scheduler moves them back once backward steps add up to more than
 * `threshold` ms, in one jump or in many small ones (each under the threshold, they would
 * otherwise stall intervals a little at a time). Forward steps are the misfire policy's: they
 * only move the reference. Steps within the threshold stay pending rather than forgotten, and
 * clock noise (Date.now() is whole milliseconds) never moves the heap.
 */
export class WallStepWatch {
  /** Wall minus monotonic time when interval slots were last in step with the wall clock. */
  #offset = 0;

  constructor(
    private readonly clock: Clock,
    private readonly threshold = CLOCK_STEP_MS,
  ) {}

  /** Takes the wall clock at `now` as in step (the first start()). */
  reset(now: number): void {
    this.#offset = now - this.clock.monotonic();
  }

  /** The backward step (negative ms) to move interval slots by at `now`, or 0. */
  take(now: number): number {
    const offset = now - this.clock.monotonic();
    const drift = Math.round(offset - this.#offset);
    if (drift >= 0) {
      this.#offset = offset;
      return 0;
    }
    if (drift >= -this.threshold) return 0;
    this.#offset = offset;
    return drift;
  }
}
