/**
 * Reading ahead for a batch of due runs (queue.ts, the stage): `warm` reads what running a node
 * will read (its record, task, rule...) for each node of the batch, all in one loop. At 100k
 * tasks those reads miss the cache, and misses issued together are waited for together,
 * instead of one after another in the runs.
 */
export class BatchWarmer<N> {
  /** The batch's nodes while `warm` reads them (emptied after). */
  readonly #nodes: N[] = [];
  /** What `warm` returned, summed: its reads must not look dead to the compiler. */
  #warmth = 0;

  constructor(private readonly warm: ((nodes: readonly N[]) => number) | undefined) {}

  /** Warms the nodes of the live ids among `ids[from, end)` (negative ids are removed entries). */
  run(ids: Int32Array, from: number, end: number, byId: ReadonlyArray<N | undefined>): void {
    const warm = this.warm;
    if (warm === undefined) return;
    const nodes = this.#nodes;
    for (let k = from; k < end; k++) {
      const id = ids[k] as number;
      if (id >= 0) nodes.push(byId[id] as N);
    }
    try {
      this.#warmth += warm(nodes);
    } catch {
      // Only a hint: whatever it met, the runs themselves will meet and report.
    }
    nodes.length = 0;
  }
}
