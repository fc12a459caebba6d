/**
 * The database clock as this process sees it: the store's `now()` is the only clock that
 * decides what is due, so timers are armed in database time, converted with the offset
 * measured here (store time minus the midpoint of the local round trip).
 */
import type { Store } from '../../store/store.js';
import type { Clock } from '../../types.js';

/** How often the offset is measured again. */
export const REMEASURE_MS = 60_000;
/** An offset beyond this is reported as `clockSkew`. */
export const SKEW_LIMIT_MS = 60_000;

export class DbClock {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #onSkew: (offsetMs: number) => void;
  /** Store time minus local time, ms. */
  offset = 0;
  #measuredAt: number | null = null;
  #skewed = false;

  constructor(store: Store, clock: Clock, onSkew: (offsetMs: number) => void) {
    this.#store = store;
    this.#clock = clock;
    this.#onSkew = onSkew;
  }

  /** Whether the offset is older than a minute (or was never measured). */
  get stale(): boolean {
    return this.#measuredAt === null || this.#clock.monotonic() - this.#measuredAt >= REMEASURE_MS;
  }

  /** Measures the offset; a crossing of the skew limit is reported once. */
  async measure(): Promise<number> {
    const before = this.#clock.now();
    const storeNow = await this.#store.now();
    const after = this.#clock.now();
    this.offset = Math.round(storeNow - (before + after) / 2);
    this.#measuredAt = this.#clock.monotonic();
    const skewed = Math.abs(this.offset) > SKEW_LIMIT_MS;
    if (skewed && !this.#skewed) this.#onSkew(this.offset);
    this.#skewed = skewed;
    return this.offset;
  }

  /** The store's time now, as estimated locally. */
  now(): number {
    return this.#clock.now() + this.offset;
  }

  /** Local ms from now until the store's instant `at` (0 when past). */
  delayUntil(at: number): number {
    return Math.max(0, at - this.now());
  }
}
