/**
 * Rules are immutable, so tasks with the same definition can hold the same one: a million
 * reminders with a few thousand distinct (days, time, zone) definitions hold a few thousand
 * rules. Keyed by a key each rule kind derives from its normalised definition, then by zone.
 *
 * Definition first, zone second: a million adds over 20 zones look up a few thousand keys in
 * one table, then index a short array by the zone's slot, where zone first would spread the
 * same lookups over 20 tables of keys (each a cache miss at that size).
 *
 * Bounded, since definitions may come from users: when full the cache starts over (rather
 * than stop sharing for good), so a long-running process with changing definitions keeps
 * sharing the current ones; rules already handed out stay with their tasks.
 */
import type { Zone } from '../zone.js';

export class SharedRules<K, R> {
  /** Rules by key, then by `zone.slot` (holey: a key is used in few of the zones). */
  readonly #byKey = new Map<K, R[]>();
  #size = 0;

  constructor(private readonly limit: number) {}

  get(zone: Zone, key: K): R | undefined {
    return this.#byKey.get(key)?.[zone.slot];
  }

  /** Keeps `rule` for `zone` and `key` and returns it. */
  keep(zone: Zone, key: K, rule: R): R {
    if (this.#size >= this.limit) this.clear();
    let forKey = this.#byKey.get(key);
    if (forKey === undefined) this.#byKey.set(key, (forKey = []));
    forKey[zone.slot] = rule;
    this.#size++;
    return rule;
  }

  clear(): void {
    this.#byKey.clear();
    this.#size = 0;
  }
}
