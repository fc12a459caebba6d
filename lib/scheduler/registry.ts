/**
 * The task registry, holding each task's record. Named tasks live in a name table (name-table.ts). Unnamed
 * tasks (`task-<n>`) live in an array in the order they were added, each record knowing its
 * slot: adding or removing one hashes nothing and touches no other record (which is most of
 * what scheduling, or finishing, a million unnamed tasks would otherwise cost). A removed
 * one leaves a hole. Holes are closed when a task is added and they are four in five of the
 * slots, never while tasks only leave: closing moves (touches) every record left, and a burst
 * of finishing one-shots (W3: 100k in 100 ms) would pay for that in the middle of its
 * dispatch. Once every unnamed task has left, the array is dropped. Looking one up by its
 * `task-<n>` name builds a number index once, kept from then on.
 */
import { nameKey } from '../tasks/task.js';
import type { Task } from '../tasks/task.js';
import { ListedRecord } from './task-record.js';
import { NameTable } from './name-table.js';
import type { TaskRecord } from './task-record.js';
import type { QueueNode } from './queue.js';
import { directRule } from './settle.js';

export class TaskRegistry {
  readonly #named = new NameTable<TaskRecord>();
  #listed: Array<ListedRecord | undefined> = [];
  #holes = 0;
  #byNumber: Map<number, ListedRecord> | null = null;
  /** Named tasks whose name has the `task-<n>` form (they could meet an unnamed one). */
  #numberLike = 0;

  get size(): number {
    return this.#named.size + this.#listed.length - this.#holes;
  }

  get(name: string): TaskRecord | undefined {
    const named = this.#named.get(name);
    if (named !== undefined) return named;
    const key = nameKey(name);
    return typeof key === 'number' ? this.#index().get(key) : undefined;
  }

  /** The record of the registered task with the same name as `task`, if any. */
  sameName(task: Task): TaskRecord | undefined {
    const key = task.key;
    if (typeof key === 'string') return this.get(key);
    return this.#byNumber?.get(key) ?? (this.#numberLike > 0 ? this.#named.get(task.name) : undefined);
  }

  add(added: TaskRecord): void {
    const key = added.task.key;
    if (typeof key === 'string') {
      this.#named.add(key, added);
      if (typeof nameKey(key) === 'number') this.#numberLike++;
      return;
    }
    const record = added as ListedRecord;
    if (this.#holes > 1024 && this.#holes * 5 > this.#listed.length * 4) this.#close();
    record.slot = this.#listed.length;
    this.#listed.push(record);
    this.#byNumber?.set(key, record);
  }

  /**
   * Removes a record this registry holds (callers check that it does: its owner is theirs),
   * by `name` when the caller has it (saves reading the Task).
   */
  delete(deleted: TaskRecord, name?: string): void {
    const key = name ?? deleted.task.key;
    // One probe: a record its scheduler owns is the one its name maps to (register() sees to
    // it). A `task-<n>` name may also be an unnamed task's, which is not in the name table.
    if (typeof key === 'string' && this.#named.delete(key)) {
      if (typeof nameKey(key) === 'number') this.#numberLike--;
      return;
    }
    if (!(deleted instanceof ListedRecord)) return;
    const slot = deleted.slot;
    if (slot < 0 || this.#listed[slot] !== deleted) return;
    this.#listed[slot] = undefined;
    deleted.slot = -1;
    this.#byNumber?.delete(deleted.task.key as number);
    // A hole costs a slot (4 B), not a record: see the class comment for when they are closed.
    if (++this.#holes === this.#listed.length) {
      this.#listed = [];
      this.#holes = 0;
    }
  }

  /**
   * Reads what running and finishing these records will read: each record, its task, its
   * rule, its slot here. The run queue calls this for a batch of due records at once
   * (queue.ts); a pass per level, so that each pass's cache misses are independent and are
   * waited for together. The sum means nothing: the reads must not look dead to the compiler.
   */
  warm(nodes: readonly QueueNode[]): number {
    const count = nodes.length;
    let sum = 0;
    for (let k = 0; k < count; k++) sum += (nodes[k] as QueueNode).qid;
    for (let k = 0; k < count; k++) sum += (nodes[k] as QueueNode).task.config.priority;
    for (let k = 0; k < count; k++) {
      // The rule settling will ask, found the way settling finds it: a custom task's own
      // `rule` getter is user code, read only where settling reads it too.
      const rule = directRule((nodes[k] as QueueNode).task) as { at?: number } | null;
      if (rule !== null) sum += rule.at ?? 0;
    }
    const listed = this.#listed;
    for (let k = 0; k < count; k++) {
      const slot = (nodes[k] as ListedRecord).slot;
      if (slot >= 0 && listed[slot] === nodes[k]) sum++;
    }
    return sum;
  }

  *values(): IterableIterator<TaskRecord> {
    yield* this.#named.values();
    for (const record of this.#listed) if (record !== undefined) yield record;
  }

  /** Closes the holes: the records left move up, in order. */
  #close(): void {
    const listed: ListedRecord[] = [];
    for (const record of this.#listed) {
      if (record === undefined) continue;
      record.slot = listed.length;
      listed.push(record);
    }
    this.#listed = listed;
    this.#holes = 0;
  }

  #index(): Map<number, ListedRecord> {
    if (this.#byNumber === null) {
      this.#byNumber = new Map();
      for (const record of this.#listed) if (record !== undefined) this.#byNumber.set(record.task.key as number, record);
    }
    return this.#byNumber;
  }
}
