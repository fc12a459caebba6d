/**
 * The task registry, holding each task's record. Named tasks live in a Map by name. Unnamed
 * tasks (`task-<n>`) live in an intrusive list threaded through their records: adding or
 * removing one hashes nothing, which is most of what scheduling a million unnamed tasks would
 * otherwise cost. Looking one up by its `task-<n>` name builds a number index once, kept from
 * then on.
 */
import { nameKey } from '../tasks/task.js';
import type { Task } from '../tasks/task.js';
import type { ListedRecord, TaskRecord } from './task-record.js';

export class TaskRegistry {
  readonly #named = new Map<string, TaskRecord>();
  #head: ListedRecord | null = null;
  #tail: ListedRecord | null = null;
  #unnamed = 0;
  #byNumber: Map<number, ListedRecord> | null = null;
  /** Named tasks whose name has the `task-<n>` form (they could meet an unnamed one). */
  #numberLike = 0;

  get size(): number {
    return this.#named.size + this.#unnamed;
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
      this.#named.set(key, added);
      if (typeof nameKey(key) === 'number') this.#numberLike++;
      return;
    }
    const record = added as ListedRecord;
    record.prev = this.#tail;
    record.next = null;
    if (this.#tail) this.#tail.next = record;
    else this.#head = record;
    this.#tail = record;
    this.#unnamed++;
    this.#byNumber?.set(key, record);
  }

  /**
   * Removes a record this registry holds (callers check that it does: its owner is theirs),
   * by `name` when the caller has it (saves reading the Task).
   */
  delete(deleted: TaskRecord, name?: string): void {
    // One probe: a record its scheduler owns is the one its name maps to (register() sees to
    // it). A `task-<n>` name may also be an unnamed task's, which is not in the Map.
    if (name !== undefined ? this.#named.delete(name) : typeof deleted.task.key === 'string' && this.#named.delete(deleted.task.key)) {
      if (typeof nameKey(name ?? deleted.name) === 'number') this.#numberLike--;
      return;
    }
    const record = deleted as ListedRecord;
    const key = record.task.key;
    if (typeof key === 'string') return;
    const { prev, next } = record;
    if (prev === null && this.#head !== record) return;
    if (prev) prev.next = next;
    else this.#head = next;
    if (next) next.prev = prev;
    else this.#tail = prev;
    record.prev = null;
    record.next = null;
    this.#unnamed--;
    this.#byNumber?.delete(key);
  }

  *values(): IterableIterator<TaskRecord> {
    yield* this.#named.values();
    for (let record = this.#head; record !== null; record = record.next) yield record;
  }

  #index(): Map<number, ListedRecord> {
    if (this.#byNumber === null) {
      this.#byNumber = new Map();
      for (let record = this.#head; record !== null; record = record.next) this.#byNumber.set(record.task.key as number, record);
    }
    return this.#byNumber;
  }
}
