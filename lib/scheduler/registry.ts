/**
 * The task registry. Named tasks live in a Map by name. Unnamed tasks (`task-<n>`) live in
 * an intrusive list threaded through the tasks themselves: adding or removing one hashes
 * nothing, which is most of what scheduling a million unnamed tasks would otherwise cost.
 * Looking one up by its `task-<n>` name builds a number index once, kept from then on.
 */
import { Task, nameKey } from '../tasks/task.js';

export class TaskRegistry {
  readonly #named = new Map<string, Task>();
  #head: Task | null = null;
  #tail: Task | null = null;
  #unnamed = 0;
  #byNumber: Map<number, Task> | null = null;
  /** Named tasks whose name has the `task-<n>` form (they could meet an unnamed one). */
  #numberLike = 0;

  get size(): number {
    return this.#named.size + this.#unnamed;
  }

  get(name: string): Task | undefined {
    const named = this.#named.get(name);
    if (named !== undefined) return named;
    const key = nameKey(name);
    return typeof key === 'number' ? this.#index().get(key) : undefined;
  }

  /** The registered task with the same name as `task`, if any. */
  sameName(task: Task): Task | undefined {
    const key = task.key;
    if (typeof key === 'string') return this.get(key);
    return this.#byNumber?.get(key) ?? (this.#numberLike > 0 ? this.#named.get(task.name) : undefined);
  }

  add(task: Task): void {
    const key = task.key;
    if (typeof key === 'string') {
      this.#named.set(key, task);
      if (typeof nameKey(key) === 'number') this.#numberLike++;
      return;
    }
    task.prevTask = this.#tail;
    task.nextTask = null;
    if (this.#tail) this.#tail.nextTask = task;
    else this.#head = task;
    this.#tail = task;
    this.#unnamed++;
    this.#byNumber?.set(key, task);
  }

  delete(task: Task): void {
    const key = task.key;
    if (typeof key === 'string') {
      if (this.#named.get(key) !== task) return;
      this.#named.delete(key);
      if (typeof nameKey(key) === 'number') this.#numberLike--;
      return;
    }
    const prev = task.prevTask as Task | null;
    const next = task.nextTask as Task | null;
    if (prev === null && this.#head !== task) return;
    if (prev) prev.nextTask = next;
    else this.#head = next;
    if (next) next.prevTask = prev;
    else this.#tail = prev;
    task.prevTask = null;
    task.nextTask = null;
    this.#unnamed--;
    this.#byNumber?.delete(key);
  }

  *values(): IterableIterator<Task> {
    yield* this.#named.values();
    for (let task = this.#head; task !== null; task = task.nextTask as Task | null) yield task;
  }

  #index(): Map<number, Task> {
    if (this.#byNumber === null) {
      this.#byNumber = new Map();
      for (let task = this.#head; task !== null; task = task.nextTask as Task | null) this.#byNumber.set(task.key as number, task);
    }
    return this.#byNumber;
  }
}
