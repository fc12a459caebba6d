/**
 * What is due: the heap of pending runs, each a task's record (its regular slot) or a manual
 * run. The scheduler places into it and drains it when it wakes (wake.ts says when).
 */
import type { Task } from '../tasks/task.js';

/** One pending run in the heap. A node knows its own position, so re-place is O(log n) and cancel O(1). */
export interface QueueNode {
  /** Index in the heap; -1 when not in it; `-(index + 2)` when removed but still held at index. */
  pos: number;
  readonly task: Task;
}

const INITIAL_CAPACITY = 64;
/** Children per node: a 4-ary heap is half as deep as a binary one, so a sift moves (and re-indexes) half as many nodes. */
const ARITY_BITS = 2;
const ARITY = 1 << ARITY_BITS;

/**
 * A 4-ary heap ordered by (due, priority, sequence) whose nodes carry their index. The due
 * times and sequences live in typed arrays beside the nodes, in heap order: a sift compares
 * neighbouring numbers instead of reading each node (at 100k nodes, a cache miss per node
 * compared), and a node holds no boxed due time of its own. Priorities are read from the
 * tasks only once a task with a non-zero priority has arrived (ties at the same millisecond
 * are common, and reading a task costs a cache miss).
 */
export class RunQueue<N extends QueueNode = QueueNode> {
  #nodes: N[] = [];
  /** Due time (ms) of the node at each index. */
  #at = new Float64Array(INITIAL_CAPACITY);
  /** Push sequence of the node at each index (FIFO among equal due times and priorities). */
  #seq = new Float64Array(INITIAL_CAPACITY);
  #nextSeq = 0;
  #byPriority = false;
  /** The most nodes held since the node array was last rebuilt: arrays keep their capacity after pops. */
  #peak = 0;
  /** Removed nodes still in the array (their `pos` is `-(index + 2)`), dropped when they reach the head or by a compaction. */
  #dead = 0;
  #poppedAt = Number.NaN;

  /** Nodes held, removed ones not yet dropped included (leak checks). */
  get size(): number {
    return this.#nodes.length;
  }

  /** The sequence number the next pushed node gets (nodes pushed from now on are newer). */
  get nextSeq(): number {
    return this.#nextSeq;
  }

  /** Due time of a node in the heap, or null when it is not in it. */
  atOf(node: N): number | null {
    return node.pos >= 0 ? (this.#at[node.pos] as number) : null;
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
    let pos = node.pos;
    if (pos < -1) {
      // Removed but still held: it comes back to life where it lies.
      pos = -(pos + 2);
      node.pos = pos;
      this.#dead--;
    }
    if (pos >= 0) {
      // A later sequence and maybe another time: it can only need to move one way.
      this.#at[pos] = at;
      this.#seq[pos] = seq;
      this.#down(pos);
      this.#up(node.pos);
      return;
    }
    pos = this.#nodes.length;
    if (pos === this.#at.length) this.#resize(pos * 2);
    this.#nodes.push(node);
    this.#at[pos] = at;
    this.#seq[pos] = seq;
    node.pos = pos;
    if (pos >= this.#peak) this.#peak = pos + 1;
    this.#up(pos);
  }

  /**
   * Takes `node` out. Lazily: it stays in the array marked removed (no sift, no touching its
   * neighbours, which for a million nodes are cache misses) until it reaches the head or the
   * removed nodes outnumber the live ones and the array is rebuilt without them.
   */
  remove(node: N): void {
    const pos = node.pos;
    if (pos < 0) return;
    if (pos === this.#nodes.length - 1) {
      this.#nodes.pop();
      node.pos = -1;
      return;
    }
    node.pos = -(pos + 2);
    if (++this.#dead > 1024 && this.#dead * 2 > this.#nodes.length) this.#compact();
  }

  /** The earliest node, without removing it. */
  peek(): N | undefined {
    this.#dropDeadHead();
    return this.#nodes[0];
  }

  /** The earliest node's due time, or undefined when the heap is empty. */
  headAt(): number | undefined {
    this.#dropDeadHead();
    return this.#nodes.length > 0 ? this.#at[0] : undefined;
  }

  /**
   * Removes and returns the earliest node due at or before `now` and pushed before
   * `seqLimit`, so a drain never chases nodes it placed itself (no loop on a `reschedule`
   * that keeps scheduling "now"). Its due time is `poppedAt` until the next pop.
   */
  popDue(now: number, seqLimit = Number.POSITIVE_INFINITY): N | undefined {
    this.#dropDeadHead();
    const head = this.#nodes[0];
    if (head === undefined || (this.#at[0] as number) > now || (this.#seq[0] as number) >= seqLimit) return undefined;
    this.#poppedAt = this.#at[0] as number;
    this.#removeHead();
    return head;
  }

  /** Moves the nodes `predicate` picks by `deltaMs` (a wall-clock jump) and restores heap order. */
  shift(deltaMs: number, predicate: (node: N) => boolean): number {
    let moved = 0;
    const nodes = this.#nodes;
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i] as N;
      if (node.pos >= 0 && predicate(node)) {
        (this.#at[i] as number) += deltaMs;
        moved++;
      }
    }
    if (moved > 0) this.#reorder();
    return moved;
  }

  #dropDeadHead(): void {
    while (this.#dead > 0 && this.#nodes.length > 0 && (this.#nodes[0] as N).pos < -1) {
      const head = this.#nodes[0] as N;
      this.#dead--;
      this.#removeHead();
      head.pos = -1;
    }
  }

  #removeHead(): void {
    const nodes = this.#nodes;
    const head = nodes[0] as N;
    const last = nodes.pop() as N;
    head.pos = -1;
    if (last !== head) {
      const from = nodes.length;
      nodes[0] = last;
      this.#at[0] = this.#at[from] as number;
      this.#seq[0] = this.#seq[from] as number;
      this.#down(0);
    }
    // Cancelling most of a million tasks must give their slots' memory back.
    if (this.#peak > 1024 && nodes.length * 4 < this.#peak) this.#shrink();
  }

  /** Rebuilds the arrays from the live nodes (removed ones outnumber them). */
  #compact(): void {
    const nodes = this.#nodes;
    const at = this.#at;
    const seq = this.#seq;
    let live = 0;
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i] as N;
      if (node.pos < 0) {
        node.pos = -1;
        continue;
      }
      nodes[live] = node;
      at[live] = at[i] as number;
      seq[live] = seq[i] as number;
      node.pos = live++;
    }
    nodes.length = live;
    this.#dead = 0;
    this.#shrink();
    this.#reorder();
  }

  /** New arrays sized for the nodes held now. */
  #shrink(): void {
    const length = this.#nodes.length;
    this.#nodes = this.#nodes.slice();
    this.#peak = length;
    let capacity = INITIAL_CAPACITY;
    while (capacity < length * 2) capacity *= 2;
    if (capacity < this.#at.length) this.#resize(capacity);
  }

  #resize(capacity: number): void {
    const keep = Math.min(this.#nodes.length, capacity);
    const at = new Float64Array(capacity);
    at.set(this.#at.subarray(0, keep));
    const seq = new Float64Array(capacity);
    seq.set(this.#seq.subarray(0, keep));
    this.#at = at;
    this.#seq = seq;
  }

  #reorder(): void {
    for (let i = (this.#nodes.length - 2) >> ARITY_BITS; i >= 0; i--) this.#down(i);
  }

  /** Whether an entry with this due time, priority and sequence comes before the node at index `j`. */
  #precedes(at: number, priority: number, seq: number, j: number): boolean {
    const other = this.#at[j] as number;
    if (at !== other) return at < other;
    if (this.#byPriority) {
      const d = priority - (this.#nodes[j] as N).task.config.priority;
      if (d !== 0) return d < 0;
    }
    return seq < (this.#seq[j] as number);
  }

  /** Moves the entry at `from` into the hole at `to`. */
  #move(from: number, to: number): void {
    const node = this.#nodes[from] as N;
    this.#nodes[to] = node;
    this.#at[to] = this.#at[from] as number;
    this.#seq[to] = this.#seq[from] as number;
    setPos(node, to);
  }

  #put(node: N, at: number, seq: number, pos: number): void {
    this.#nodes[pos] = node;
    this.#at[pos] = at;
    this.#seq[pos] = seq;
    setPos(node, pos);
  }

  // Both sifts hold the moving node's entry in locals and move others into the hole. While no
  // task has a priority (the common case) they compare the typed arrays inline.
  #up(pos: number): void {
    const at = this.#at;
    const seq = this.#seq;
    const node = this.#nodes[pos] as N;
    const nodeAt = at[pos] as number;
    const nodeSeq = seq[pos] as number;
    const byPriority = this.#byPriority;
    const priority = byPriority ? node.task.config.priority : 0;
    while (pos > 0) {
      const parent = (pos - 1) >> ARITY_BITS;
      const parentAt = at[parent] as number;
      if (byPriority ? !this.#precedes(nodeAt, priority, nodeSeq, parent) : nodeAt > parentAt || (nodeAt === parentAt && nodeSeq > (seq[parent] as number))) break;
      this.#move(parent, pos);
      pos = parent;
    }
    this.#put(node, nodeAt, nodeSeq, pos);
  }

  #down(pos: number): void {
    const at = this.#at;
    const seq = this.#seq;
    const length = this.#nodes.length;
    const node = this.#nodes[pos] as N;
    const nodeAt = at[pos] as number;
    const nodeSeq = seq[pos] as number;
    const byPriority = this.#byPriority;
    const priority = byPriority ? node.task.config.priority : 0;
    for (;;) {
      let child = (pos << ARITY_BITS) + 1;
      if (child >= length) break;
      const end = child + ARITY < length ? child + ARITY : length;
      let best = child;
      let bestAt = at[child] as number;
      let bestSeq = seq[child] as number;
      for (child++; child < end; child++) {
        const childAt = at[child] as number;
        if (byPriority ? this.#precedes(childAt, (this.#nodes[child] as N).task.config.priority, seq[child] as number, best) : childAt < bestAt || (childAt === bestAt && (seq[child] as number) < bestSeq)) {
          best = child;
          bestAt = childAt;
          bestSeq = seq[child] as number;
        }
      }
      if (byPriority ? this.#precedes(nodeAt, priority, nodeSeq, best) : nodeAt < bestAt || (nodeAt === bestAt && nodeSeq < bestSeq)) break;
      this.#move(best, pos);
      pos = best;
    }
    this.#put(node, nodeAt, nodeSeq, pos);
  }
}

/** Records a node's index, keeping a removed node marked removed. */
function setPos(node: QueueNode, index: number): void {
  node.pos = node.pos < -1 ? -(index + 2) : index;
}
