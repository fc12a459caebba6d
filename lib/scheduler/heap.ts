/**
 * The run queue's heap (queue.ts): a 4-ary heap of small ids ordered by (due, priority,
 * sequence), as typed arrays that never touch a node while they sift. The heap itself is
 * three arrays in heap order (ids, due times, sequences); the position of each id is kept
 * in a fourth, by id. A sift moves numbers between neighbouring slots and writes positions
 * into a dense array: at 100k nodes, writing each moved node's own position field cost a
 * cache miss per level of every pop (a third of dispatching 100k one-shots).
 */

export const INITIAL_CAPACITY = 64;
/** Children per node: a 4-ary heap is half as deep as a binary one, so a sift moves half as many entries. */
const ARITY_BITS = 2;
const ARITY = 1 << ARITY_BITS;

/** A copy of `array` with room for `capacity` entries, keeping its first `keep`. */
export function resized<A extends Int32Array | Float64Array>(array: A, capacity: number, keep: number): A {
  const copy = new (array.constructor as new (length: number) => A)(capacity);
  copy.set(array.subarray(0, keep));
  return copy;
}

export class IdHeap {
  /** Id at each heap index. */
  ids = new Int32Array(INITIAL_CAPACITY);
  /** Due time (ms) at each heap index. */
  at = new Float64Array(INITIAL_CAPACITY);
  /** Push sequence at each heap index (FIFO among equal due times and priorities). */
  seq = new Float64Array(INITIAL_CAPACITY);
  /** Heap index of each id held; the queue threads its free ids and staged entries through it too. */
  posOf = new Int32Array(INITIAL_CAPACITY);
  length = 0;
  /** Whether some node has a priority: the heap then reads it (a cache miss) on ties. */
  byPriority = false;
  readonly #priorityOf: (id: number) => number;

  constructor(priorityOf: (id: number) => number) {
    this.#priorityOf = priorityOf;
  }

  /** Whether the entry at index 0 comes before one due at `at` with sequence `seq` (no priorities). */
  headBefore(at: number, seq: number): boolean {
    const headAt = this.at[0] as number;
    return headAt < at || (headAt === at && (this.seq[0] as number) < seq);
  }

  insert(id: number, at: number, seq: number): void {
    const pos = this.length++;
    if (pos === this.ids.length) this.#resize(pos * 2);
    this.#place(id, at, seq, pos);
    this.#up(pos);
  }

  /** Gives the entry at `pos` a new time and a later sequence: it can only need to move one way. */
  move(pos: number, at: number, seq: number): void {
    const id = this.ids[pos] as number;
    this.at[pos] = at;
    this.seq[pos] = seq;
    this.#down(pos);
    this.#up(this.posOf[id] as number);
  }

  /** Fills the hole at `pos` with the last entry and restores heap order around it. */
  removeAt(pos: number): void {
    const last = --this.length;
    if (pos !== last) {
      this.#place(this.ids[last] as number, this.at[last] as number, this.seq[last] as number, pos);
      if (pos > 0 && this.#before(pos, (pos - 1) >> ARITY_BITS)) this.#up(pos);
      else this.#down(pos);
    }
  }

  /** Gives memory back (cancelling most of a million tasks must): the arrays shrink while under a quarter full. */
  trim(): void {
    let capacity = this.ids.length;
    while (capacity > INITIAL_CAPACITY && this.length * 4 < capacity) capacity >>= 1;
    if (capacity < this.ids.length) this.#resize(capacity);
  }

  /** Room in `posOf` for id `id`. */
  reserve(id: number): void {
    if (id < this.posOf.length) return;
    const posOf = new Int32Array(this.posOf.length * 2);
    posOf.set(this.posOf);
    this.posOf = posOf;
  }

  /** Ids become heap indexes again (the queue renumbers its nodes the same way). */
  renumber(): void {
    let capacity = INITIAL_CAPACITY;
    while (capacity < this.length) capacity *= 2;
    const posOf = new Int32Array(capacity);
    for (let i = 0; i < this.length; i++) {
      this.ids[i] = i;
      posOf[i] = i;
    }
    this.posOf = posOf;
  }

  reorder(): void {
    for (let i = (this.length - 2) >> ARITY_BITS; i >= 0; i--) this.#down(i);
  }

  #resize(capacity: number): void {
    this.ids = resized(this.ids, capacity, this.length);
    this.at = resized(this.at, capacity, this.length);
    this.seq = resized(this.seq, capacity, this.length);
  }

  #priorityAt(index: number): number {
    return this.#priorityOf(this.ids[index] as number);
  }

  /** Whether the entry at index `i` comes before the one at `j`. */
  #before(i: number, j: number): boolean {
    return this.#precedes(this.at[i] as number, this.byPriority ? this.#priorityAt(i) : 0, this.seq[i] as number, j);
  }

  /** Whether an entry with this due time, priority and sequence comes before the entry at index `j`. */
  #precedes(at: number, priority: number, seq: number, j: number): boolean {
    const other = this.at[j] as number;
    if (at !== other) return at < other;
    if (this.byPriority) {
      const d = priority - this.#priorityAt(j);
      if (d !== 0) return d < 0;
    }
    return seq < (this.seq[j] as number);
  }

  /** Writes an entry at heap index `pos`, and its position by its id. */
  #place(id: number, at: number, seq: number, pos: number): void {
    this.ids[pos] = id;
    this.at[pos] = at;
    this.seq[pos] = seq;
    this.posOf[id] = pos;
  }

  // Both sifts hold the moving entry in locals and move others into the hole. While no task
  // has a priority (the common case) they compare the typed arrays inline.
  #up(pos: number): void {
    const ids = this.ids;
    const at = this.at;
    const seq = this.seq;
    const id = ids[pos] as number;
    const nodeAt = at[pos] as number;
    const nodeSeq = seq[pos] as number;
    const byPriority = this.byPriority;
    const priority = byPriority ? this.#priorityAt(pos) : 0;
    while (pos > 0) {
      const parent = (pos - 1) >> ARITY_BITS;
      const parentAt = at[parent] as number;
      if (byPriority ? !this.#precedes(nodeAt, priority, nodeSeq, parent) : nodeAt > parentAt || (nodeAt === parentAt && nodeSeq > (seq[parent] as number))) break;
      this.#place(ids[parent] as number, parentAt, seq[parent] as number, pos);
      pos = parent;
    }
    this.#place(id, nodeAt, nodeSeq, pos);
  }

  #down(pos: number): void {
    const ids = this.ids;
    const at = this.at;
    const seq = this.seq;
    const length = this.length;
    const id = ids[pos] as number;
    const nodeAt = at[pos] as number;
    const nodeSeq = seq[pos] as number;
    const byPriority = this.byPriority;
    const priority = byPriority ? this.#priorityAt(pos) : 0;
    for (;;) {
      let child = (pos << ARITY_BITS) + 1;
      if (child >= length) break;
      const end = child + ARITY < length ? child + ARITY : length;
      let best = child;
      let bestAt = at[child] as number;
      let bestSeq = seq[child] as number;
      for (child++; child < end; child++) {
        const childAt = at[child] as number;
        if (byPriority ? this.#precedes(childAt, this.#priorityAt(child), seq[child] as number, best) : childAt < bestAt || (childAt === bestAt && (seq[child] as number) < bestSeq)) {
          best = child;
          bestAt = childAt;
          bestSeq = seq[child] as number;
        }
      }
      if (byPriority ? this.#precedes(nodeAt, priority, nodeSeq, best) : nodeAt < bestAt || (nodeAt === bestAt && nodeSeq < bestSeq)) break;
      this.#place(ids[best] as number, bestAt, bestSeq, pos);
      pos = best;
    }
    this.#place(id, nodeAt, nodeSeq, pos);
  }
}
