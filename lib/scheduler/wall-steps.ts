import type { Clock } from '../types.js';

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
    private readonly threshold: number,
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
