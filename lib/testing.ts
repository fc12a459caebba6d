/**
 * Test helpers, exported as `kronos-scheduler/testing`.
 *
 * `ManualClock` models a real machine: timers count elapsed (monotonic) time, while the wall
 * clock can be changed independently with `set()`, the way an NTP step or a suspended laptop
 * changes it. `advance(ms)` lets elapsed time pass.
 */
import type { Clock } from './types.js';
import { invalidType } from './errors.js';
import { MAX_TIMER_MS } from './internal/clock.js';
import { toInstant } from './internal/instant.js';

interface Timer {
  id: number;
  due: number;
  callback: () => void;
}

export class ManualClock implements Clock {
  #mono = 0;
  #offset: number;
  #nextId = 1;
  #timers: Timer[] = [];

  constructor(start: Date | number = 0) {
    this.#offset = toInstant(start, 'start');
  }

  now(): number {
    return this.#mono + this.#offset;
  }

  monotonic(): number {
    return this.#mono;
  }

  /** Like Node's: a delay over 2^31 - 1 ms (or NaN) fires after 1 ms, so overflows show in tests. */
  setTimeout(callback: () => void, ms: number): unknown {
    const delay = ms <= MAX_TIMER_MS ? Math.max(0, ms) : 1;
    const timer: Timer = { id: this.#nextId++, due: this.#mono + delay, callback };
    this.#timers.push(timer);
    return timer.id;
  }

  clearTimeout(handle: unknown): void {
    const index = this.#timers.findIndex((timer) => timer.id === handle);
    if (index >= 0) this.#timers.splice(index, 1);
  }

  /** Number of timers armed right now (for tests asserting the scheduler uses just one). */
  get pendingTimers(): number {
    return this.#timers.length;
  }

  /** The delays (ms from now) of the armed timers, soonest first. */
  pendingDelays(): number[] {
    return this.#timers.map((timer) => timer.due - this.#mono).sort((a, b) => a - b);
  }

  /**
   * Lets `ms` of elapsed time pass: fires due timers in time order (FIFO for ties), moving
   * the clock to each timer's due time first, and yields a real `setImmediate` after each so
   * pending promises settle before the next timer.
   */
  async advance(ms: number): Promise<void> {
    if (!Number.isFinite(ms) || ms < 0) throw invalidType('ms', 'a finite number ≥ 0', ms);
    const end = this.#mono + ms;
    await settle();
    for (;;) {
      const next = this.#earliest();
      if (!next || next.due > end) break;
      this.#mono = Math.max(this.#mono, next.due);
      this.#timers.splice(this.#timers.indexOf(next), 1);
      next.callback();
      await settle();
    }
    this.#mono = end;
    await settle();
  }

  /** Advances to the given wall time by letting time elapse (timers fire on the way). */
  async advanceTo(date: Date | number): Promise<void> {
    await this.advance(Math.max(0, toInstant(date, 'date') - this.now()));
  }

  /** Sets the wall clock (a jump forward or back); no elapsed time passes, no timer fires. */
  async set(date: Date | number): Promise<void> {
    this.#offset = toInstant(date, 'date') - this.#mono;
    await settle();
  }

  /** Runs pending promise callbacks without moving time. */
  async flush(): Promise<void> {
    await settle();
  }

  #earliest(): Timer | undefined {
    let best: Timer | undefined;
    for (const timer of this.#timers) if (!best || timer.due < best.due) best = timer;
    return best;
  }
}

function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
