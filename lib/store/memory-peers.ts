/**
 * The MemoryStore's peers: instance rows and the in-process fan-out that stands in for
 * LISTEN/NOTIFY (every subscriber of the same store gets every event, in order).
 */
import createDebug from 'debug';
import { describeError } from '../errors.js';
import { compareText, copyInstance } from './memory-rows.js';
import type { InstanceInfo, StoreEvent } from './store.js';

const debug = createDebug('kronos:store');

export class MemoryPeers {
  readonly #instances = new Map<string, InstanceInfo>();
  /** When each instance was last seen (registered or touched), in the store's clock. */
  readonly #seen = new Map<string, number>();
  readonly #listeners = new Set<(event: StoreEvent) => void>();

  register(info: InstanceInfo, now: number): void {
    this.#instances.set(info.id, copyInstance(info));
    this.#seen.set(info.id, now);
  }

  remove(id: string): void {
    this.#instances.delete(id);
    this.#seen.delete(id);
  }

  /** Marks `id` seen at `now`; false when it has no row. */
  touch(id: string, now: number): boolean {
    if (!this.#instances.has(id)) return false;
    this.#seen.set(id, now);
    return true;
  }

  /** Removes the instances last seen before `before`; returns their ids. */
  expire(before: number): string[] {
    const gone = [...this.#seen].filter(([, at]) => at < before).map(([id]) => id).sort(compareText);
    for (const id of gone) this.remove(id);
    return gone;
  }

  list(): InstanceInfo[] {
    return [...this.#instances.values()].map(copyInstance).sort((a, b) => compareText(a.id, b.id));
  }

  subscribe(listener: (event: StoreEvent) => void): () => void {
    // A wrapper per call, so subscribing one function twice gives two independent subscriptions.
    const wrapped = (event: StoreEvent): void => listener(event);
    this.#listeners.add(wrapped);
    return () => this.#listeners.delete(wrapped);
  }

  notify(event: StoreEvent): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener({ ...event });
      } catch (error) {
        // Listeners belong to schedulers, which must not throw; one that does loses only its own event.
        debug('a store listener threw on %s: %s', event.type, describeError(error, false));
      }
    }
  }

  clear(): void {
    this.#listeners.clear();
  }
}
