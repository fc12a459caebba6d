/**
 * When to wake for what is due: the scheduler's one timer, armed for the heap head
 * (WakeTimer), a lead earlier for a large queue (QueueWake), and the watch on wall-clock
 * steps that moves interval slots (WallStepWatch).
 */
import type { Clock } from '../types.js';
import { unrefHandle } from '../internal/clock.js';
import type { RunQueue } from './queue.js';

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

/** A queue this large prepares its next runs before they are due. */
export const PREPARE_MIN_SIZE = 4096;
/** How long before the head is due preparing starts, and how far past the head it reaches. */
export const PREPARE_LEAD_MS = 200;
/** Longest stretch of preparing before the timer lets I/O in. */
const PREPARE_SLICE_MS = 20;
/** Preparing stops this long before the head is due. */
const PREPARE_GAP_MS = 2;

/**
 * When the scheduler wakes for its run queue: at the head, or, for a large queue, a lead
 * before it, to take the runs due soon out of the heap in order while idle (RunQueue.prepare).
 * A burst of 100k runs then pays no heap pops when it comes (a third of dispatching it).
 */
export class QueueWake {
  /** How far before its due time a placement wakes the scheduler: the lead while a large queue's next runs are not prepared. */
  #lead = 0;

  constructor(
    private readonly timer: WakeTimer,
    private readonly queue: RunQueue,
    private readonly now: () => number,
  ) {}

  /** A run was placed at `due` (the queue holds it). */
  placed(due: number): void {
    const size = this.queue.size;
    let wake = due;
    if (size === PREPARE_MIN_SIZE) {
      // The queue just grew large: the head's wake moves a lead earlier.
      this.#lead = PREPARE_LEAD_MS;
      wake = this.queue.headAt() as number;
    }
    if (size >= PREPARE_MIN_SIZE) wake -= this.#lead;
    if (this.timer.wouldArm(wake)) this.timer.armFor(wake, this.now());
  }

  /** A manual run was placed at `at`: it goes at its time, whatever the queue's size. */
  manual(at: number): void {
    this.timer.armFor(at, this.now());
  }

  /**
   * A wake drained what was due, and the queue's head is due at `head`. Within the lead it
   * prepares the runs due by a lead after the head, a slice at a time, then waits for the head.
   */
  drained(head: number): void {
    const at = this.#nextWake(head);
    this.#lead = at === head ? 0 : PREPARE_LEAD_MS;
    // At least 1 ms: a drain never re-wakes at once for runs it placed itself.
    this.timer.armFor(at, this.now(), 1);
  }

  disarm(): void {
    this.timer.disarm();
  }

  #nextWake(head: number): number {
    if (this.queue.size < PREPARE_MIN_SIZE) return head;
    const start = this.now();
    if (head - start > PREPARE_LEAD_MS) return head - PREPARE_LEAD_MS;
    if (head - start <= PREPARE_GAP_MS) return head;
    const done = this.queue.prepare(head + PREPARE_LEAD_MS, Math.min(start + PREPARE_SLICE_MS, head - PREPARE_GAP_MS), this.now);
    return done ? head : this.now() + 1;
  }
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
