/**
 * What is due: the heap of pending runs, each a task's record (its regular slot) or a manual
 * run. The scheduler places into it and drains it when it wakes (wake.ts says when).
 */
import type { Task } from '../tasks/task.js';
import { BatchWarmer } from './batch-warmer.js';
import { IdHeap, INITIAL_CAPACITY, resized } from './heap.js';

/** One pending run in the heap. */
export interface QueueNode {
  /** The node's id in the heap holding it (see RunQueue); -1 when in none. */
  qid: number;
  readonly task: Task;
}

/** Below this many ids the id arrays are renumbered only once empty (they cost 8 B an id). */
const RENUMBER_FLOOR = 65_536;
/** Due entries taken from the heap in one go before the first of them is handed out (see popDue). */
export const STAGE_SIZE = 64;

/**
 * The heap (heap.ts) of nodes by id, and the stage: due entries taken out of the heap a batch
 * at a time. Each node held has a small id (its `qid`), reused through a free list threaded
 * through the heap's position array. Nodes are read only when staged or popped, and for their
 * priority once some task has one (ties at the same millisecond are common; reading a task
 * costs a cache miss).
 */
export class RunQueue<N extends QueueNode = QueueNode> {
  readonly #heap: IdHeap;
  #nextSeq = 0;
  /** The node of each id; undefined for a free id. */
  #byId: Array<N | undefined> = [];
  #freeId = -1;
  #poppedAt = Number.NaN;
  // The stage: due entries taken from the heap, in order, not handed out yet. A staged id's
  // position is `-(index in the stage + 2)`; a staged entry removed again has id -1 there.
  // `prepare` grows the stage past STAGE_SIZE; `trim` gives that back once it is empty.
  #stageIds = new Int32Array(STAGE_SIZE);
  #stageAt = new Float64Array(STAGE_SIZE);
  #stageSeq = new Float64Array(STAGE_SIZE);
  #stageHead = 0;
  #stageEnd = 0;
  /** Live entries on the stage. */
  #staged = 0;
  /** Stage entries before this index have been warmed. */
  #warmedTo = 0;
  readonly #warmer: BatchWarmer<N>;

  /** `warm` reads ahead for a batch of staged nodes (batch-warmer.ts). */
  constructor(warm?: (nodes: readonly N[]) => number) {
    this.#heap = new IdHeap((id) => (this.#byId[id] as N).task.config.priority);
    this.#warmer = new BatchWarmer(warm);
  }

  /** Nodes held (leak checks). */
  get size(): number {
    return this.#heap.length + this.#staged;
  }

  /** The sequence number the next pushed node gets (nodes pushed from now on are newer). */
  get nextSeq(): number {
    return this.#nextSeq;
  }

  /** Whether `node` is in this queue (a node is in one queue at most). */
  holds(node: N): boolean {
    return node.qid >= 0;
  }

  /** Due time of a node in the queue, or null when it is not in it. */
  atOf(node: N): number | null {
    if (node.qid < 0) return null;
    const pos = this.#heap.posOf[node.qid] as number;
    return pos >= 0 ? (this.#heap.at[pos] as number) : (this.#stageAt[-(pos + 2)] as number);
  }

  /** Due time of the node `popDue` returned last. */
  get poppedAt(): number {
    return this.#poppedAt;
  }

  /** Places `node` at `at` (moving it if already placed), behind every node pushed before. */
  push(node: N, at: number): void {
    const heap = this.#heap;
    const seq = this.#nextSeq++;
    if (!heap.byPriority && node.task.config.priority !== 0) {
      // The stage holds no priorities: its entries go back, and no stage is made from now on.
      this.#unstageAll();
      heap.byPriority = true;
      heap.reorder();
    }
    const id = node.qid;
    if (id < 0) heap.insert(this.#acquire(node), at, seq);
    else if ((heap.posOf[id] as number) >= 0) heap.move(heap.posOf[id] as number, at, seq);
    else {
      // Staged: it leaves the stage and goes back into the heap at its new time, keeping its id.
      this.#unstage(-((heap.posOf[id] as number) + 2));
      heap.insert(id, at, seq);
    }
  }

  /** Takes `node` out (nothing when it is not in the queue). */
  remove(node: N): void {
    const id = node.qid;
    if (id < 0) return;
    const pos = this.#heap.posOf[id] as number;
    if (pos < 0) this.#unstage(-(pos + 2));
    this.#release(id, node);
    const heap = this.#heap;
    if (pos >= 0) heap.removeAt(pos);
    if (heap.length * 4 < heap.ids.length || heap.length * 64 < this.#byId.length) this.trim();
  }

  /** The earliest node, without removing it. */
  peek(): N | undefined {
    const staged = this.#stagedFirst();
    if (staged >= 0) return this.#byId[this.#stageIds[staged] as number];
    return this.#heap.length > 0 ? this.#byId[this.#heap.ids[0] as number] : undefined;
  }

  /** The earliest node's due time, or undefined when the queue is empty. */
  headAt(): number | undefined {
    const staged = this.#stagedFirst();
    if (staged >= 0) return this.#stageAt[staged];
    return this.#heap.length > 0 ? this.#heap.at[0] : undefined;
  }

  /**
   * Removes and returns the earliest node due at or before `now` and pushed before
   * `seqLimit`, so a drain never chases nodes it placed itself (no loop on a `reschedule`
   * that keeps scheduling "now"). Its due time is `poppedAt` until the next pop.
   */
  popDue(now: number, seqLimit = Number.POSITIVE_INFINITY): N | undefined {
    const heap = this.#heap;
    // Due entries leave the heap a stage at a time, warmed together (batch-warmer.ts).
    let staged = this.#stagedFirst();
    if (staged < 0 && this.#staged === 0 && !heap.byPriority) staged = this.#stage(now, seqLimit);
    if (staged >= 0) {
      const at = this.#stageAt[staged] as number;
      if (at > now || (this.#stageSeq[staged] as number) >= seqLimit) return undefined;
      if (staged >= this.#warmedTo) this.#warmFrom(staged);
      const id = this.#stageIds[staged] as number;
      const node = this.#byId[id] as N;
      this.#unstage(staged);
      this.#release(id, node);
      this.#poppedAt = at;
      return node;
    }
    if (heap.length === 0 || (heap.at[0] as number) > now || (heap.seq[0] as number) >= seqLimit) return undefined;
    this.#poppedAt = heap.at[0] as number;
    const id = heap.ids[0] as number;
    const head = this.#byId[id] as N;
    this.#release(id, head);
    heap.removeAt(0);
    return head;
  }

  /** Moves the nodes `predicate` picks by `deltaMs` (a wall-clock jump) and restores heap order. */
  shift(deltaMs: number, predicate: (node: N) => boolean): number {
    this.#unstageAll();
    const heap = this.#heap;
    let moved = 0;
    for (let i = 0; i < heap.length; i++) {
      if (predicate(this.#byId[heap.ids[i] as number] as N)) {
        (heap.at[i] as number) += deltaMs;
        moved++;
      }
    }
    if (moved > 0) heap.reorder();
    return moved;
  }

  /**
   * Takes the entries due by `until` out of the heap and appends them to the stage, in order,
   * until the clock reads `deadline`: idle time before a burst of runs does the heap's
   * ordering work, and the burst takes them off the stage. Whether it took them all.
   */
  prepare(until: number, deadline: number, now: () => number): boolean {
    const heap = this.#heap;
    if (heap.byPriority) return true;
    let end = this.#stageEnd;
    // Appending keeps the stage in order only while the heap's head comes after its last entry.
    if (end > 0 && heap.length > 0 && heap.headBefore(this.#stageAt[end - 1] as number, this.#stageSeq[end - 1] as number)) return true;
    for (let taken = 1; heap.length > 0 && (heap.at[0] as number) <= until; taken++) {
      if ((taken & 255) === 0 && now() >= deadline) return false;
      if (end === this.#stageIds.length) this.#resizeStage(end * 2);
      this.#takeHead(end);
      this.#stageEnd = ++end;
    }
    return true;
  }

  /** Moves up to STAGE_SIZE due entries from the heap onto the (empty) stage; the index of the first, or -1. */
  #stage(now: number, seqLimit: number): number {
    const heap = this.#heap;
    let end = 0;
    this.#stageHead = this.#warmedTo = 0;
    while (end < STAGE_SIZE && heap.length > 0 && (heap.at[0] as number) <= now && (heap.seq[0] as number) < seqLimit) this.#takeHead(end++);
    this.#stageEnd = end;
    return end > 0 ? 0 : -1;
  }

  /** Moves the heap's head to stage index `k`. */
  #takeHead(k: number): void {
    const heap = this.#heap;
    const id = heap.ids[0] as number;
    this.#stageIds[k] = id;
    this.#stageAt[k] = heap.at[0] as number;
    this.#stageSeq[k] = heap.seq[0] as number;
    heap.removeAt(0);
    heap.posOf[id] = -(k + 2);
    this.#staged++;
  }

  /** Warms the live stage entries among the STAGE_SIZE from index `k` (one batch of cache misses). */
  #warmFrom(k: number): void {
    const end = Math.min(k + STAGE_SIZE, this.#stageEnd);
    this.#warmedTo = end;
    // One run due alone has nothing to wait for together with (and the run path stays short).
    if (end - k > 1) this.#warmer.run(this.#stageIds, k, end, this.#byId);
  }

  #resizeStage(capacity: number): void {
    this.#stageIds = resized(this.#stageIds, capacity, this.#stageEnd);
    this.#stageAt = resized(this.#stageAt, capacity, this.#stageEnd);
    this.#stageSeq = resized(this.#stageSeq, capacity, this.#stageEnd);
  }

  /**
   * Index of the first live staged entry, or -1 (skips removed ones); -1 also when the heap's
   * head comes first (placed after the stage was filled, at an earlier time).
   */
  #stagedFirst(): number {
    if (this.#staged === 0) return -1;
    while ((this.#stageIds[this.#stageHead] as number) < 0) this.#stageHead++;
    const k = this.#stageHead;
    if (this.#heap.length > 0 && this.#heap.headBefore(this.#stageAt[k] as number, this.#stageSeq[k] as number)) return -1;
    return k;
  }

  #unstage(k: number): void {
    this.#stageIds[k] = -1;
    if (--this.#staged === 0) this.#stageHead = this.#stageEnd = this.#warmedTo = 0;
  }

  /** Puts the staged entries back into the heap, with their times and sequences. */
  #unstageAll(): void {
    for (let k = this.#stageHead; k < this.#stageEnd && this.#staged > 0; k++) {
      const id = this.#stageIds[k] as number;
      if (id < 0) continue;
      this.#unstage(k);
      this.#heap.insert(id, this.#stageAt[k] as number, this.#stageSeq[k] as number);
    }
  }

  #acquire(node: N): number {
    let id = this.#freeId;
    if (id >= 0) {
      this.#freeId = this.#heap.posOf[id] as number;
      this.#byId[id] = node;
    } else {
      id = this.#byId.length;
      this.#byId.push(node);
      this.#heap.reserve(id);
    }
    node.qid = id;
    return id;
  }

  #release(id: number, node: N): void {
    node.qid = -1;
    this.#byId[id] = undefined;
    this.#heap.posOf[id] = this.#freeId;
    this.#freeId = id;
  }

  /**
   * Gives memory back: removals do at once, a drain once it ends (its pops do not: code that
   * runs for the first time in the middle of a burst of runs is code the compiler has to
   * throw away and make again). The heap's arrays shrink while under a quarter full; ids
   * become heap indexes again when few are held (or none: then it is free), since
   * renumbering touches every node held; never with entries on the stage, whose ids it
   * would not see.
   */
  trim(): void {
    const heap = this.#heap;
    heap.trim();
    if (this.#staged === 0 && this.#stageIds.length > STAGE_SIZE) this.#resizeStage(STAGE_SIZE);
    const ids = this.#byId.length;
    if (ids <= INITIAL_CAPACITY || heap.length * 64 >= ids || this.#staged > 0 || (heap.length > 0 && ids <= RENUMBER_FLOOR)) return;
    const byId: N[] = [];
    for (let i = 0; i < heap.length; i++) {
      const node = this.#byId[heap.ids[i] as number] as N;
      node.qid = i;
      byId.push(node);
    }
    this.#byId = byId;
    heap.renumber();
    this.#freeId = -1;
  }
}
