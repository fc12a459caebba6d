/**
 * The durable engine's one wake-up timer, armed in database time: for the next due slot,
 * capped at pollInterval and leaseMs (so lost runs are looked for), or for a plain delay.
 */
import type { Clock } from '../../types.js';
import type { DbClock } from './db-clock.js';

export class WakeTimer {
  #timer: unknown = undefined;
  /** Store time the timer is armed for (null: not armed). */
  armedAt: number | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly dbClock: DbClock,
    readonly capMs: number,
    /** `forSlot`: the timer was armed for a known due slot (not the cap, a retry or a back-off). */
    private readonly onFire: (forSlot: boolean) => void,
    private readonly unref: (handle: unknown) => void,
  ) {}

  get armed(): boolean {
    return this.#timer !== undefined;
  }

  /** For store time `at` (null: nothing due), capped. */
  armFor(at: number | null): void {
    const delay = at === null ? this.capMs : Math.min(this.capMs, this.dbClock.delayUntil(at));
    this.armIn(delay, at !== null && delay < this.capMs ? at : null);
  }

  /** In `delay` local ms; `at` is the store time that stands for (null: now + delay). */
  armIn(delay: number, at: number | null): void {
    this.disarm();
    this.armedAt = at ?? this.dbClock.now() + delay;
    this.#timer = this.clock.setTimeout(() => {
      this.#timer = undefined;
      this.armedAt = null;
      this.onFire(at !== null);
    }, delay);
    this.unref(this.#timer);
  }

  disarm(): void {
    if (this.#timer !== undefined) this.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.armedAt = null;
  }
}
