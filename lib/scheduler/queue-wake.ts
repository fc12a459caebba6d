/**
 * When the scheduler wakes for its run queue: at the head, or, for a large queue, a lead
 * before it, to take the runs due soon out of the heap in order while idle (RunQueue.prepare).
 * A burst of 100k runs then pays no heap pops when it comes (a third of dispatching it).
 */
import type { RunQueue } from './queue.js';
import type { WakeTimer } from './wake.js';

/** A queue this large prepares its next runs before they are due. */
export const PREPARE_MIN_SIZE = 4096;
/** How long before the head is due preparing starts, and how far past the head it reaches. */
export const PREPARE_LEAD_MS = 200;
/** Longest stretch of preparing before the timer lets I/O in. */
const PREPARE_SLICE_MS = 20;
/** Preparing stops this long before the head is due. */
const PREPARE_GAP_MS = 2;

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
    if (size < PREPARE_MIN_SIZE) {
      if (this.timer.wouldArm(due)) this.timer.armFor(due, this.now());
      return;
    }
    // The queue just grew large: the head's wake moves a lead earlier.
    if (size === PREPARE_MIN_SIZE) this.#lead = PREPARE_LEAD_MS;
    const wake = (size === PREPARE_MIN_SIZE ? (this.queue.headAt() as number) : due) - this.#lead;
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
