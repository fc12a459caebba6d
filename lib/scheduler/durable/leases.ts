/**
 * The leases of the runs this process holds: renewed every leaseMs/3, and a run whose lease
 * was lost (another process took it over after it ran out: fenced off) is aborted through
 * its signal and its completion ignored.
 */
import createDebug from 'debug';
import { RunAbortedError } from '../../errors.js';
import type { ClaimedRun, Store } from '../../store/store.js';
import type { Clock } from '../../types.js';

const debug = createDebug('kronos:lease');

export interface HeldRun {
  readonly claimed: ClaimedRun;
  readonly controller: AbortController;
  /** Set once the store said another process holds it: its end is not recorded. */
  fenced: boolean;
}

export class Leases {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #leaseMs: number;
  readonly #onError: (error: unknown) => void;
  readonly #onLost: (run: HeldRun, reason: Error) => void;
  readonly held = new Map<string, HeldRun>();
  #timer: unknown = undefined;
  #unref: (handle: unknown) => void;

  constructor(store: Store, clock: Clock, leaseMs: number, hooks: {
    onError: (error: unknown) => void;
    onLost: (run: HeldRun, reason: Error) => void;
    unref: (handle: unknown) => void;
  }) {
    this.#store = store;
    this.#clock = clock;
    this.#leaseMs = leaseMs;
    this.#onError = hooks.onError;
    this.#onLost = hooks.onLost;
    this.#unref = hooks.unref;
  }

  hold(claimed: ClaimedRun): HeldRun {
    const run: HeldRun = { claimed, controller: new AbortController(), fenced: false };
    this.held.set(claimed.id, run);
    if (this.#timer === undefined) this.#arm();
    return run;
  }

  release(run: HeldRun): void {
    this.held.delete(run.claimed.id);
    if (this.held.size === 0) this.stop();
  }

  stop(): void {
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Oldest start among the held runs of `name` (store time), or undefined. */
  oldestStart(name: string): number | undefined {
    let oldest: number | undefined;
    for (const run of this.held.values()) {
      if (run.claimed.schedule.name === name && (oldest === undefined || run.claimed.startedAt < oldest)) oldest = run.claimed.startedAt;
    }
    return oldest;
  }

  #arm(): void {
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = undefined;
      void this.beat().finally(() => {
        if (this.held.size > 0 && this.#timer === undefined) this.#arm();
      });
    }, Math.max(1, Math.floor(this.#leaseMs / 3)));
    this.#unref(this.#timer);
  }

  /** Renews every held lease; a run the store no longer lets us hold is aborted. */
  async beat(): Promise<void> {
    const runs = [...this.held.values()].filter((run) => !run.fenced);
    if (runs.length === 0) return;
    let lost: string[];
    try {
      lost = await this.#store.heartbeat(runs.map((run) => ({ id: run.claimed.id, token: run.claimed.token })), this.#leaseMs);
    } catch (error) {
      // The store is unreachable: try again at the next beat (the lease may still hold then).
      this.#onError(error);
      return;
    }
    for (const id of lost) {
      const run = this.held.get(id);
      if (run === undefined || run.fenced) continue;
      run.fenced = true;
      debug('lease of run %s (%s) lost', id, run.claimed.schedule.name);
      const reason = new RunAbortedError(run.claimed.schedule.name, 'its lease ran out and another process took the run over');
      this.#onLost(run, reason);
      run.controller.abort(reason);
    }
  }
}
