/**
 * Group commit of run ends: a run's end is queued, and the ends queued while one `completeMany`
 * is under way go together in the next one. A statement per run made completion the
 * bottleneck of a busy process (benchmarks W9); an idle process still writes an end at once.
 */
import type { RunEnd, Store } from '../../store/store.js';

interface Waiting {
  end: RunEnd;
  resolve: (recorded: boolean) => void;
  reject: (error: unknown) => void;
}

/** Ends written per statement at most (a statement's parameters stay a bounded size). */
const MAX_BATCH = 500;

export class Completions {
  readonly #store: Store;
  #queue: Waiting[] = [];
  #flushing = false;

  constructor(store: Store) {
    this.#store = store;
  }

  /** Records the end; resolves false when the run was fenced off, rejects when the store failed. */
  complete(end: RunEnd): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      this.#queue.push({ end, resolve, reject });
      if (!this.#flushing) {
        this.#flushing = true;
        // A microtask: ends settled in the same turn go in the first statement too.
        queueMicrotask(() => void this.#flush());
      }
    });
  }

  async #flush(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0, MAX_BATCH);
      try {
        const fenced = new Set(await this.#store.completeMany(batch.map((w) => w.end)));
        for (const w of batch) w.resolve(!fenced.has(w.end.run.id));
      } catch (error) {
        for (const w of batch) w.reject(error);
      }
    }
    this.#flushing = false;
  }
}
