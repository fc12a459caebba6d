/**
 * The runs going on in one durable process, and who waits for the moment none is (and no
 * wake is under way: `busy`), for `onIdle()` and `stop()`.
 */
export class ActiveRuns {
  readonly #runs = new Set<Promise<void>>();
  #waiters: Array<() => void> = [];

  constructor(private readonly busy: () => boolean) {}

  get size(): number {
    return this.#runs.size;
  }

  add(run: Promise<void>): void {
    this.#runs.add(run);
  }

  delete(run: Promise<void>): void {
    this.#runs.delete(run);
    this.settle();
  }

  /** Resolves when every run ended (rejections included). */
  settled(): Promise<unknown> {
    return Promise.allSettled([...this.#runs]);
  }

  idle(): Promise<void> {
    if (this.#isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** Resolves the waiters if idle now (call when a wake ends). */
  settle(): void {
    if (this.#waiters.length === 0 || !this.#isIdle()) return;
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const resolve of waiters) resolve();
  }

  #isIdle(): boolean {
    return this.#runs.size === 0 && !this.busy();
  }
}
