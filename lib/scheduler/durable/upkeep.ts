/**
 * What every process does for the cluster besides running its work, on one timer (every
 * leaseMs/3, producers included): it marks its instance seen and deletes instances not seen
 * for 3 × leaseMs (their runs are recovered through their leases anyway), registering again
 * if a peer deleted its own row; and it prunes finished runs past `keepRuns`/`keepFor` in
 * bounded batches, never a long delete.
 */
import type { Store } from '../../store/store.js';
import type { Clock } from '../../types.js';

/** Runs deleted per prune call at most. */
export const PRUNE_BATCH = 1000;
/** A prune at most this often, unless the last batch came back full (then at the next tick). */
export const PRUNE_EVERY_MS = 60_000;
/** An instance not seen for this many leases is taken for dead. */
export const EXPIRE_LEASES = 3;

export interface UpkeepOptions {
  instanceId: string;
  leaseMs: number;
  keepRuns: number | null;
  keepForMs: number | null;
}

export interface UpkeepHooks {
  /** Writes this process's instance row again (a peer expired it, or its handlers changed). */
  register(): Promise<void>;
  report(error: unknown): void;
  unref(handle: unknown): void;
}

export class Upkeep {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #options: UpkeepOptions;
  readonly #hooks: UpkeepHooks;
  #timer: unknown = undefined;
  #on = false;
  #tick: Promise<void> | null = null;
  /** Monotonic time of the last prune (null: none yet, so the first tick prunes). */
  #prunedAt: number | null = null;
  #backlog = false;

  constructor(store: Store, clock: Clock, options: UpkeepOptions, hooks: UpkeepHooks) {
    this.#store = store;
    this.#clock = clock;
    this.#options = options;
    this.#hooks = hooks;
  }

  start(): void {
    if (this.#on) return;
    this.#on = true;
    if (this.#tick === null) this.#arm();
  }

  /** Stops the timer and waits for a tick under way. */
  async stop(): Promise<void> {
    this.#on = false;
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#tick;
  }

  #arm(): void {
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = undefined;
      this.#tick = this.tick().finally(() => {
        this.#tick = null;
        if (this.#on) this.#arm();
      });
    }, Math.max(1, Math.floor(this.#options.leaseMs / 3)));
    this.#hooks.unref(this.#timer);
  }

  /** One round: liveness, then at most one prune batch. Never throws (failures are reported). */
  async tick(): Promise<void> {
    const { instanceId, leaseMs } = this.#options;
    try {
      if (!(await this.#store.touchInstance(instanceId, EXPIRE_LEASES * leaseMs))) await this.#hooks.register();
    } catch (error) {
      this.#hooks.report(error);
    }
    await this.prune();
  }

  /** One bounded batch, if a minute has passed since the last (or the last one was full). */
  async prune(): Promise<void> {
    const { keepRuns, keepForMs } = this.#options;
    if (keepRuns === null && keepForMs === null) return;
    const now = this.#clock.monotonic();
    if (!this.#backlog && this.#prunedAt !== null && now - this.#prunedAt < PRUNE_EVERY_MS) return;
    this.#prunedAt = now;
    try {
      const deleted = await this.#store.prune({
        ...(keepRuns === null ? {} : { keepRuns }), ...(keepForMs === null ? {} : { keepForMs }), batch: PRUNE_BATCH,
      });
      this.#backlog = deleted >= PRUNE_BATCH;
    } catch (error) {
      this.#backlog = false;
      this.#hooks.report(error);
    }
  }
}
