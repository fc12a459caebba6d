/**
 * What is due and when to wake for it: the heap of pending runs (RunQueue), the one timer
 * armed for its head (WakeTimer), and the watch on wall-clock steps that moves interval slots
 * (WallStepWatch). The scheduler places into these and wakes from them.
 */
import type { Task } from '../tasks/task.js';
import type { Clock } from '../types.js';
import { unrefHandle } from '../internal/clock.js';

/**
 * One pending run in the heap: a task's record (its regular slot) or a manual run. A node
 * knows its own position, so re-place is O(log n) and cancel O(1).
 */
export interface QueueNode {
  /** Wall-clock due time (ms). */
  at: number;
  seq: number;
  /** Index in the heap; -1 when not in it; `-(index + 2)` when removed but still held at index. */
  pos: number;
  readonly task: Task;
}

/** Order while every task has priority 0 (the common case): no look into the task. */
function byTime(a: QueueNode, b: QueueNode): number {
  return a.at - b.at || a.seq - b.seq;
}

function byTimeAndPriority(a: QueueNode, b: QueueNode): number {
  return a.at - b.at || a.task.config.priority - b.task.config.priority || a.seq - b.seq;
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
  /** Removed nodes still in the array (their `pos` is `-(index + 2)`), dropped when they reach the head or by a compaction. */
  #dead = 0;

  /** Nodes held, removed ones not yet dropped included (leak checks). */
  get size(): number {
    return this.#heap.length;
  }

  /** Places `node` at `at` (moving it if already placed), behind every node pushed before. */
  push(node: N, at: number): void {
    node.at = at;
    node.seq = this.#seq++;
    if (node.task.config.priority !== 0 && this.#compare === byTime) {
      this.#compare = byTimeAndPriority;
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
      // A later sequence and maybe another time: it can only need to move one way each.
      this.#down(pos);
      this.#up(node.pos);
      return;
    }
    node.pos = this.#heap.length;
    this.#heap.push(node);
    if (this.#heap.length > this.#peak) this.#peak = this.#heap.length;
    this.#up(node.pos);
  }

  /**
   * Takes `node` out. Lazily: it stays in the array marked removed (no sift, no touching its
   * neighbours, which for a million nodes are cache misses) until it reaches the head or the
   * removed nodes outnumber the live ones and the array is rebuilt without them.
   */
  remove(node: N): void {
    const pos = node.pos;
    if (pos < 0) return;
    if (pos === this.#heap.length - 1) {
      this.#heap.pop();
      node.pos = -1;
      return;
    }
    node.pos = -(pos + 2);
    if (++this.#dead > 1024 && this.#dead * 2 > this.#heap.length) this.#compact();
  }

  /** The earliest node, without removing it. */
  peek(): N | undefined {
    this.#dropDeadHead();
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
    this.#dropDeadHead();
    const head = this.#heap[0];
    if (!head || head.at > now || head.seq >= seqLimit) return undefined;
    this.#removeHead();
    return head;
  }

  /** Moves the nodes `predicate` picks by `deltaMs` (a wall-clock jump) and restores heap order. */
  shift(deltaMs: number, predicate: (node: N) => boolean): number {
    let moved = 0;
    for (const node of this.#heap) {
      if (node.pos >= 0 && predicate(node)) {
        node.at += deltaMs;
        moved++;
      }
    }
    if (moved > 0) this.#reorder();
    return moved;
  }

  #dropDeadHead(): void {
    while (this.#dead > 0 && this.#heap.length > 0 && (this.#heap[0] as N).pos < -1) {
      const head = this.#heap[0] as N;
      this.#dead--;
      this.#removeHead();
      head.pos = -1;
    }
  }

  #removeHead(): void {
    const heap = this.#heap;
    const head = heap[0] as N;
    const last = heap.pop() as N;
    head.pos = -1;
    if (last !== head) {
      heap[0] = last;
      this.#down(0);
    }
    // Cancelling most of a million tasks must give their slots' memory back.
    if (this.#peak > 1024 && heap.length * 4 < this.#peak) {
      this.#heap = heap.slice();
      this.#peak = this.#heap.length;
    }
  }

  /** Rebuilds the array from the live nodes (removed ones outnumber them). */
  #compact(): void {
    const live: N[] = [];
    for (const node of this.#heap) {
      if (node.pos >= 0) {
        node.pos = live.length;
        live.push(node);
      } else node.pos = -1;
    }
    this.#heap = live;
    this.#peak = live.length;
    this.#dead = 0;
    this.#reorder();
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
      setPos(parent, pos);
      pos = parentPos;
    }
    heap[pos] = node;
    setPos(node, pos);
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
      setPos(best, pos);
      pos = bestPos;
    }
    heap[pos] = node;
    setPos(node, pos);
  }
}

/** Records a node's index, keeping a removed node marked removed. */
function setPos(node: QueueNode, index: number): void {
  node.pos = node.pos < -1 ? -(index + 2) : index;
}

/** Backward wall-clock steps that add up to more than this move interval slots (DESIGN §4). */
export const CLOCK_STEP_MS = 1000;

/** Longest single sleep: long delays never overflow `setTimeout`, and a suspend or a clock change is noticed within it. */
export const MAX_SLEEP_MS = 30_000;

/**
 * The scheduler's one timer, armed for the heap head. It sleeps at most 30 s and the owner
 * re-reads the clock on every wake (and asks the WallStepWatch below whether the wall clock
 * was stepped back meanwhile).
 */
export class WakeTimer {
  #handle: unknown = undefined;
  /** Wall time the armed timer aims at, or Infinity when disarmed. */
  #target = Number.POSITIVE_INFINITY;

  constructor(
    private readonly clock: Clock,
    private readonly onWake: () => void,
    private readonly unref: boolean,
  ) {}

  /** Whether `armFor(at)` would change anything (saves reading the clock when not). */
  wouldArm(at: number): boolean {
    return this.#handle === undefined || this.#target > at;
  }

  /**
   * Arms for `at` unless already armed for the same time or earlier. `minDelay` keeps a
   * drain from re-waking at once for entries it placed itself.
   */
  armFor(at: number, now: number, minDelay = 0): void {
    if (this.#handle !== undefined && this.#target <= at) return;
    this.disarm();
    const delay = Math.min(Math.max(minDelay, at - now), MAX_SLEEP_MS);
    this.#target = at;
    this.#handle = this.clock.setTimeout(this.#fire, delay);
    if (this.unref) unrefHandle(this.#handle);
  }

  disarm(): void {
    if (this.#handle === undefined) return;
    this.clock.clearTimeout(this.#handle);
    this.#handle = undefined;
    this.#target = Number.POSITIVE_INFINITY;
  }

  #fire = (): void => {
    this.#handle = undefined;
    this.#target = Number.POSITIVE_INFINITY;
    this.onWake();
  };
}

/**
 * Steps of the wall clock, measured against the monotonic clock. Interval slots measure
 * elapsed time, so the scheduler moves them back once backward steps add up to more than
 * `threshold` ms, in one jump or in many small ones (each under the threshold, they would
 * otherwise stall intervals a little at a time). Forward steps are the misfire policy's: they
 * only move the reference. Steps within the threshold stay pending rather than forgotten, and
 * clock noise (Date.now() is whole milliseconds) never moves the heap.
 */
export class WallStepWatch {
  /** Wall minus monotonic time when interval slots were last in step with the wall clock. */
  #offset = 0;

  constructor(
    private readonly clock: Clock,
    private readonly threshold = CLOCK_STEP_MS,
  ) {}

  /** Takes the wall clock at `now` as in step (the first start()). */
  reset(now: number): void {
    this.#offset = now - this.clock.monotonic();
  }

  /** The backward step (negative ms) to move interval slots by at `now`, or 0. */
  take(now: number): number {
    const offset = now - this.clock.monotonic();
    const drift = Math.round(offset - this.#offset);
    if (drift >= 0) {
      this.#offset = offset;
      return 0;
    }
    if (drift >= -this.threshold) return 0;
    this.#offset = offset;
    return drift;
  }
}
