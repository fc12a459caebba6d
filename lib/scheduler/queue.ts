/**
 * What is due: the heap of pending runs, each a task's record (its regular slot) or a manual
 * run. The scheduler places into it and drains it when it wakes (wake.ts says when).
 */
import type { Task } from '../tasks/task.js';

/** One pending run in the heap. */
export interface QueueNode {
  /** The node's id in the heap holding it (see RunQueue); -1 when in none. */
  qid: number;
  readonly task: Task;
}

const INITIAL_CAPACITY = 64;
/** Children per node: a 4-ary heap is half as deep as a binary one, so a sift moves half as many entries. */
const ARITY_BITS = 2;
const ARITY = 1 << ARITY_BITS;
/** Below this many ids the id arrays are renumbered only once empty (they cost 8 B an id). */
const RENUMBER_FLOOR = 65_536;

/**
 * A 4-ary heap ordered by (due, priority, sequence) that never touches a node while it
 * sifts. Each node held has a small id (its `qid`); the heap itself is three typed arrays
 * in heap order (ids, due times, sequences), and the id's position in the heap is kept in
 * a fourth, by id. A sift moves numbers between neighbouring slots and writes positions
 * into a dense array: at 100k nodes, writing each moved node's own position field cost a
 * cache miss per level of every pop (a third of dispatching 100k one-shots). Nodes are read
 * only when popped, and for their priority once some task has one (ties at the same
 * millisecond are common; reading a task costs a cache miss).
 */
export class RunQueue<N extends QueueNode = QueueNode> {
  /** Id of the node at each heap index. */
  #ids = new Int32Array(INITIAL_CAPACITY);
  /** Due time (ms) at each heap index. */
  #at = new Float64Array(INITIAL_CAPACITY);
  /** Push sequence at each heap index (FIFO among equal due times and priorities). */
  #seq = new Float64Array(INITIAL_CAPACITY);
  #length = 0;
  #nextSeq = 0;
  #byPriority = false;
  /** The node of each id; undefined for a free id. */
  #byId: Array<N | undefined> = [];
  /** Heap index of each id held; for a free id, the next free id (-1 ends the chain). */
  #posOf = new Int32Array(INITIAL_CAPACITY);
  #freeId = -1;
  #poppedAt = Number.NaN;

  /** Nodes held (leak checks). */
  get size(): number {
    return this.#length;
  }

  /** The sequence number the next pushed node gets (nodes pushed from now on are newer). */
  get nextSeq(): number {
    return this.#nextSeq;
  }

  /** Whether `node` is in this heap (a node is in one heap at most). */
  holds(node: N): boolean {
    return node.qid >= 0;
  }

  /** Due time of a node in the heap, or null when it is not in it. */
  atOf(node: N): number | null {
    return node.qid >= 0 ? (this.#at[this.#posOf[node.qid] as number] as number) : null;
  }

  /** Due time of the node `popDue` returned last. */
  get poppedAt(): number {
    return this.#poppedAt;
  }

  /** Places `node` at `at` (moving it if already placed), behind every node pushed before. */
  push(node: N, at: number): void {
    const seq = this.#nextSeq++;
    if (!this.#byPriority && node.task.config.priority !== 0) {
      this.#byPriority = true;
      this.#reorder();
    }
    if (node.qid >= 0) {
      // A later sequence and maybe another time: it can only need to move one way.
      const pos = this.#posOf[node.qid] as number;
      this.#at[pos] = at;
      this.#seq[pos] = seq;
      this.#down(pos);
      this.#up(this.#posOf[node.qid] as number);
      return;
    }
    const pos = this.#length++;
    if (pos === this.#ids.length) this.#resize(pos * 2);
    this.#ids[pos] = this.#acquire(node);
    this.#at[pos] = at;
    this.#seq[pos] = seq;
    this.#up(pos);
  }

  /** Takes `node` out (nothing when it is not in the heap). */
  remove(node: N): void {
    const id = node.qid;
    if (id < 0) return;
    const pos = this.#posOf[id] as number;
    this.#release(id, node);
    this.#fill(pos);
  }

  /** The earliest node, without removing it. */
  peek(): N | undefined {
    return this.#length > 0 ? this.#byId[this.#ids[0] as number] : undefined;
  }

  /** The earliest node's due time, or undefined when the heap is empty. */
  headAt(): number | undefined {
    return this.#length > 0 ? this.#at[0] : undefined;
  }

  /**
   * Removes and returns the earliest node due at or before `now` and pushed before
   * `seqLimit`, so a drain never chases nodes it placed itself (no loop on a `reschedule`
   * that keeps scheduling "now"). Its due time is `poppedAt` until the next pop.
   */
  popDue(now: number, seqLimit = Number.POSITIVE_INFINITY): N | undefined {
    if (this.#length === 0 || (this.#at[0] as number) > now || (this.#seq[0] as number) >= seqLimit) return undefined;
    this.#poppedAt = this.#at[0] as number;
    const id = this.#ids[0] as number;
    const head = this.#byId[id] as N;
    this.#release(id, head);
    this.#fill(0);
    return head;
  }

  /** Moves the nodes `predicate` picks by `deltaMs` (a wall-clock jump) and restores heap order. */
  shift(deltaMs: number, predicate: (node: N) => boolean): number {
    let moved = 0;
    for (let i = 0; i < this.#length; i++) {
      if (predicate(this.#byId[this.#ids[i] as number] as N)) {
        (this.#at[i] as number) += deltaMs;
        moved++;
      }
    }
    if (moved > 0) this.#reorder();
    return moved;
  }

  #acquire(node: N): number {
    let id = this.#freeId;
    if (id >= 0) {
      this.#freeId = this.#posOf[id] as number;
      this.#byId[id] = node;
    } else {
      id = this.#byId.length;
      this.#byId.push(node);
      if (id === this.#posOf.length) {
        const posOf = new Int32Array(id * 2);
        posOf.set(this.#posOf);
        this.#posOf = posOf;
      }
    }
    node.qid = id;
    return id;
  }

  #release(id: number, node: N): void {
    node.qid = -1;
    this.#byId[id] = undefined;
    this.#posOf[id] = this.#freeId;
    this.#freeId = id;
  }

  /** Fills the hole at `pos` with the last entry and restores heap order around it. */
  #fill(pos: number): void {
    const last = --this.#length;
    if (pos !== last) {
      this.#place(this.#ids[last] as number, this.#at[last] as number, this.#seq[last] as number, pos);
      if (pos > 0 && this.#before(pos, (pos - 1) >> ARITY_BITS)) this.#up(pos);
      else this.#down(pos);
    }
    // Cancelling most of a million tasks must give their memory back.
    if (this.#ids.length > INITIAL_CAPACITY && this.#length * 4 < this.#ids.length) this.#resize(this.#ids.length >> 1);
    // Renumbering touches every node held, so it waits until few are (or none: then it is free).
    const ids = this.#byId.length;
    if (ids > INITIAL_CAPACITY && this.#length * 64 < ids && (this.#length === 0 || ids > RENUMBER_FLOOR)) this.#renumber();
  }

  /** Ids become heap indexes again: the id arrays shrink to the nodes held (touches each of them once). */
  #renumber(): void {
    const byId: N[] = [];
    let capacity = INITIAL_CAPACITY;
    while (capacity < this.#length) capacity *= 2;
    const posOf = new Int32Array(capacity);
    for (let i = 0; i < this.#length; i++) {
      const node = this.#byId[this.#ids[i] as number] as N;
      node.qid = i;
      byId.push(node);
      this.#ids[i] = i;
      posOf[i] = i;
    }
    this.#byId = byId;
    this.#posOf = posOf;
    this.#freeId = -1;
  }

  #resize(capacity: number): void {
    const keep = this.#length;
    const ids = new Int32Array(capacity);
    ids.set(this.#ids.subarray(0, keep));
    const at = new Float64Array(capacity);
    at.set(this.#at.subarray(0, keep));
    const seq = new Float64Array(capacity);
    seq.set(this.#seq.subarray(0, keep));
    this.#ids = ids;
    this.#at = at;
    this.#seq = seq;
  }

  #reorder(): void {
    for (let i = (this.#length - 2) >> ARITY_BITS; i >= 0; i--) this.#down(i);
  }

  #priorityAt(index: number): number {
    return (this.#byId[this.#ids[index] as number] as N).task.config.priority;
  }

  /** Whether the entry at index `i` comes before the one at `j`. */
  #before(i: number, j: number): boolean {
    return this.#precedes(this.#at[i] as number, this.#byPriority ? this.#priorityAt(i) : 0, this.#seq[i] as number, j);
  }

  /** Whether an entry with this due time, priority and sequence comes before the entry at index `j`. */
  #precedes(at: number, priority: number, seq: number, j: number): boolean {
    const other = this.#at[j] as number;
    if (at !== other) return at < other;
    if (this.#byPriority) {
      const d = priority - this.#priorityAt(j);
      if (d !== 0) return d < 0;
    }
    return seq < (this.#seq[j] as number);
  }

  /** Writes an entry at heap index `pos`, and its position by its id. */
  #place(id: number, at: number, seq: number, pos: number): void {
    this.#ids[pos] = id;
    this.#at[pos] = at;
    this.#seq[pos] = seq;
    this.#posOf[id] = pos;
  }

  // Both sifts hold the moving entry in locals and move others into the hole. While no task
  // has a priority (the common case) they compare the typed arrays inline.
  #up(pos: number): void {
    const ids = this.#ids;
    const at = this.#at;
    const seq = this.#seq;
    const id = ids[pos] as number;
    const nodeAt = at[pos] as number;
    const nodeSeq = seq[pos] as number;
    const byPriority = this.#byPriority;
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
    const ids = this.#ids;
    const at = this.#at;
    const seq = this.#seq;
    const length = this.#length;
    const id = ids[pos] as number;
    const nodeAt = at[pos] as number;
    const nodeSeq = seq[pos] as number;
    const byPriority = this.#byPriority;
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
