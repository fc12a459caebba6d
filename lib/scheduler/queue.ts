import TinyQueue from 'tinyqueue';
import type { Task } from '../tasks/task.js';
import type { RunKind } from '../types.js';

/** One pending run in the heap. Kept small: a million of these must stay cheap. */
export interface Entry {
  /** Wall-clock due time (ms). */
  at: number;
  seq: number;
  task: Task;
  kind: RunKind;
  /** Cleared by cancel; the heap drops dead entries lazily. */
  live: boolean;
}

/** Order while every task has priority 0 (the common case): no look into the task. */
function byTime(a: Entry, b: Entry): number {
  return a.at - b.at || a.seq - b.seq;
}

function byTimeAndPriority(a: Entry, b: Entry): number {
  return a.at - b.at || a.task.priority - b.task.priority || a.seq - b.seq;
}

/**
 * The tinyqueue heap ordered by (due, priority, sequence), with lazy deletion: cancel is
 * O(1) (mark dead), and the heap is rebuilt once dead entries outnumber live ones, so
 * cancelled entries never pile up. Until a task with a non-zero priority arrives the order
 * skips the priority (ties at the same millisecond are common, and reading each entry's task
 * costs a cache miss); the first such task switches the heap to the full order once.
 */
export class RunQueue {
  #compare: (a: Entry, b: Entry) => number = byTime;
  #heap = new TinyQueue<Entry>([], byTime);
  #seq = 0;
  #dead = 0;

  /** Live entries. */
  get size(): number {
    return this.#heap.length - this.#dead;
  }

  /** Entries physically held, dead ones included (for leak checks). */
  get capacity(): number {
    return this.#heap.length;
  }

  push(task: Task, at: number, kind: RunKind): Entry {
    const entry: Entry = { at, seq: this.#seq++, task, kind, live: true };
    if (task.priority !== 0 && this.#compare === byTime) {
      this.#compare = byTimeAndPriority;
      this.#compact();
    }
    this.#heap.push(entry);
    return entry;
  }

  remove(entry: Entry): void {
    if (!entry.live) return;
    entry.live = false;
    this.#dead++;
    // Half the live count keeps the slack small at any size; rebuilding costs O(n) per n/2 cancels.
    if (this.#dead > 1024 && this.#dead * 2 > this.#heap.length - this.#dead) this.#compact();
  }

  /** The earliest live entry, without removing it. */
  peek(): Entry | undefined {
    this.#dropDeadHead();
    return this.#heap.peek();
  }

  /** The sequence number the next pushed entry gets (entries pushed from now on are newer). */
  get nextSeq(): number {
    return this.#seq;
  }

  /**
   * Removes and returns the earliest live entry due at or before `now` and pushed before
   * `seqLimit`, so a drain never chases entries it placed itself (no loop on a `reschedule`
   * that keeps scheduling "now").
   */
  popDue(now: number, seqLimit = Number.POSITIVE_INFINITY): Entry | undefined {
    this.#dropDeadHead();
    const head = this.#heap.peek();
    if (!head || head.at > now || head.seq >= seqLimit) return undefined;
    this.#heap.pop();
    head.live = false;
    return head;
  }

  /** Moves elapsed-time entries by `deltaMs` (a wall-clock jump) and restores heap order. */
  shift(deltaMs: number, predicate: (entry: Entry) => boolean): number {
    let moved = 0;
    for (const entry of this.#heap.data) {
      if (entry.live && predicate(entry)) {
        entry.at += deltaMs;
        moved++;
      }
    }
    if (moved > 0) this.#compact();
    return moved;
  }

  clear(): void {
    this.#heap = new TinyQueue<Entry>([], this.#compare);
    this.#dead = 0;
  }

  #dropDeadHead(): void {
    let head = this.#heap.peek();
    while (head && !head.live) {
      this.#heap.pop();
      this.#dead--;
      head = this.#heap.peek();
    }
  }

  #compact(): void {
    const live = this.#heap.data.filter((entry) => entry.live);
    this.#heap = new TinyQueue<Entry>(live, this.#compare);
    this.#dead = 0;
  }
}
