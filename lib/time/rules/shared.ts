/**
 * Rules are immutable, so tasks with the same definition can hold the same one: a million
 * reminders with a few thousand distinct (days, time, zone) definitions hold a few thousand
 * rules. Keyed by zone, then by a key each rule kind derives from its normalised definition.
 *
 * Bounded, since definitions may come from users: when full the cache starts over (rather
 * than stop sharing for good), so a long-running process with changing definitions keeps
 * sharing the current ones; rules already handed out stay with their tasks.
 */
import type { Zone } from '../zone.js';

export class SharedRules<K, R> {
  readonly #byZone = new Map<Zone, Map<K, R>>();
  #size = 0;

  constructor(private readonly limit: number) {}

  get(zone: Zone, key: K): R | undefined {
    return this.#byZone.get(zone)?.get(key);
  }

  /** Keeps `rule` for `zone` and `key` and returns it. */
  keep(zone: Zone, key: K, rule: R): R {
    if (this.#size >= this.limit) this.clear();
    let forZone = this.#byZone.get(zone);
    if (forZone === undefined) this.#byZone.set(zone, (forZone = new Map()));
    forZone.set(key, rule);
    this.#size++;
    return rule;
  }

  clear(): void {
    this.#byZone.clear();
    this.#size = 0;
  }
}
