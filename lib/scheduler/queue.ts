import type { Task } from '../tasks/task.js';

/**
 * One pending run in the heap: a task's record (its regular slot) or a manual run. A node
 * knows its own position, so cancel and re-place are O(log n) and nothing dead stays held.
 */
export interface QueueNode {
  /** Wall-clock due time (ms). */
  at: number;
  seq: number;
  /** Index in the heap, -1 when not in it. */
  pos: number;
  readonly task: Task;
}

/** Order while every task has priority 0 (the common case): no look into the task. */
function byTime(a: QueueNode, b: QueueNode): number {
  return a.at - b.at || a.seq - b.seq;
}

function byTimeAndPriority(a: QueueNode, b: QueueNode): number {
  return a.at - b.at || a.task.priority - b.task.priority || a.seq - b.seq;
}

/**
 * A binary heap ordered by (due, priority, sequence) whose nodes carry their index. Until a
 * task with a non-zero priority arrives the order skips the priority (ties at the same
 * millisecond are common, and reading each node's task costs a cache miss); the first such
 * task switches the heap to the full order once.
 */
export class RunQueue<N extends QueueNode = QueueNode> {
  #compare: (a: QueueNode, b: QueueNode) => number = byTime;
  #heap: N[] = [];
  #seq = 0;
  /** The most nodes held since the array was last rebuilt: arrays keep their capacity after pops. */
  #peak = 0;

  get size(): number {
    return this.#heap.length;
  }

  /** Places `node` at `at` (moving it if already placed), behind every node pushed before. */
  push(node: N, at: number): void {
    node.at = at;
    node.seq = this.#seq++;
    if (node.task.priority !== 0 && this.#compare === byTime) {
      this.#compare = byTimeAndPriority;
      this.#reorder();
    }
    if (node.pos >= 0) {
      // A later sequence and maybe another time: it can only need to move one way each.
      this.#down(node.pos);
      this.#up(node.pos);
      return;
    }
    node.pos = this.#heap.length;
    this.#heap.push(node);
    if (this.#heap.length > this.#peak) this.#peak = this.#heap.length;
    this.#up(node.pos);
  }

  remove(node: N): void {
    const pos = node.pos;
    if (pos < 0) return;
    node.pos = -1;
    const last = this.#heap.pop() as N;
    // Cancelling most of a million tasks must give their slots' memory back.
    if (this.#peak > 1024 && this.#heap.length * 4 < this.#peak) {
      this.#heap = this.#heap.slice();
      this.#peak = this.#heap.length;
    }
    if (last === node) return;
    this.#heap[pos] = last;
    last.pos = pos;
    this.#down(pos);
    this.#up(last.pos);
  }

  /** The earliest node, without removing it. */
  peek(): N | undefined {
    return this.#heap[0];
  }

  /** The sequence number the next pushed node gets (nodes pushed from now on are newer). */
  get nextSeq(): number {
    return this.#seq;
  }

  /**
   * Removes and returns the earliest node due at or before `now` and pushed before
   * `seqLimit`, so a drain never chases nodes it placed itself (no loop on a `reschedule`
   * that keeps scheduling "now").
   */
  popDue(now: number, seqLimit = Number.POSITIVE_INFINITY): N | undefined {
    const head = this.#heap[0];
    if (!head || head.at > now || head.seq >= seqLimit) return undefined;
    this.remove(head);
    return head;
  }

  /** Moves the nodes `predicate` picks by `deltaMs` (a wall-clock jump) and restores heap order. */
  shift(deltaMs: number, predicate: (node: N) => boolean): number {
    let moved = 0;
    for (const node of this.#heap) {
      if (predicate(node)) {
        node.at += deltaMs;
        moved++;
      }
    }
    if (moved > 0) this.#reorder();
    return moved;
  }

  #reorder(): void {
    const heap = this.#heap;
    for (let i = (heap.length >> 1) - 1; i >= 0; i--) this.#down(i);
  }

  #up(pos: number): void {
    const heap = this.#heap;
    const node = heap[pos] as N;
    const compare = this.#compare;
    while (pos > 0) {
      const parentPos = (pos - 1) >> 1;
      const parent = heap[parentPos] as N;
      if (compare(node, parent) >= 0) break;
      heap[pos] = parent;
      parent.pos = pos;
      pos = parentPos;
    }
    heap[pos] = node;
    node.pos = pos;
  }

  #down(pos: number): void {
    const heap = this.#heap;
    const length = heap.length;
    const half = length >> 1;
    const node = heap[pos] as N;
    const compare = this.#compare;
    while (pos < half) {
      let bestPos = 2 * pos + 1;
      let best = heap[bestPos] as N;
      const rightPos = bestPos + 1;
      if (rightPos < length && compare(heap[rightPos] as N, best) < 0) {
        bestPos = rightPos;
        best = heap[rightPos] as N;
      }
      if (compare(best, node) >= 0) break;
      heap[pos] = best;
      best.pos = pos;
      pos = bestPos;
    }
    heap[pos] = node;
    node.pos = pos;
  }
}
