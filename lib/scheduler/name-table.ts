/**
 * Named tasks' records by name, for the registry (registry.ts): an open-addressing hash table
 * (linear probing, at most half full) of 32-bit name hashes, beside the records in the order
 * they were added.
 *
 * Why not a Map: adding a named task asks first whether the name is taken, and at a million
 * names a Map's answer "no" costs three cache misses (its bucket, the entry, the key string
 * it compares against), about 0.7 µs, then its `set` costs as much again. Here the answer
 * reads one slot pair (hash and index, 8 bytes) and the slots after it in the same line, and
 * adding writes that pair: one miss. Records are read only when a hash matches.
 *
 * Up to `SWITCH_AT` names the table is a Map all the same: while it fits in the cache a Map
 * is as fast, and being native it is fast from the first call, where the slots' code must be
 * compiled first (10k tasks churned for 100k operations, W2, ran 25 % slower on the slots).
 */
const EMPTY = 0;
const GONE = -1;
const MIN_SLOTS = 16;
/** Names held in a Map before the table moves to its slots (for good). */
const SWITCH_AT = 32_768;

/** What the table needs of a record: its name. */
interface Named {
  readonly task: { readonly key: string | number };
}

/** FNV-1a over the UTF-16 code units, then MurmurHash3's finaliser so that close names spread. */
export function hashName(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Puts a (hash, ref) pair at the first empty slot from its hash, in fresh slots (no deleted ones). */
function placeInto(slots: Int32Array, mask: number, hash: number, ref: number): void {
  let slot = hash & mask;
  while (slots[2 * slot + 1] !== EMPTY) slot = (slot + 1) & mask;
  slots[2 * slot] = hash;
  slots[2 * slot + 1] = ref;
}

export class NameTable<R extends Named> {
  /** The names while few (see above); null once in the slots. */
  #small: Map<string, R> | null = new Map();
  readonly #switchAt: number;
  /** Two numbers per slot: the name's hash, and 1 + the record's index (0 empty, -1 deleted). */
  #slots = new Int32Array(2 * MIN_SLOTS);
  #mask = MIN_SLOTS - 1;
  /** Slots not empty: live and deleted ones. */
  #taken = 0;
  /** The records in the order added; undefined where one was deleted. */
  #records: Array<R | undefined> = [];
  #size = 0;
  // register() asks get() then add() for the same name: its hash is computed once.
  #lastName = '';
  #lastHash = hashName('');

  /** `switchAt`: how many names move the table from a Map to its slots (tests move it early). */
  constructor(switchAt = SWITCH_AT) {
    this.#switchAt = switchAt;
    if (switchAt <= 0) this.#small = null;
  }

  get size(): number {
    return this.#small === null ? this.#size : this.#small.size;
  }

  /** Slots held (leak checks). */
  get slotCount(): number {
    return this.#mask + 1;
  }

  get(name: string): R | undefined {
    if (this.#small !== null) return this.#small.get(name);
    const slot = this.#find(name);
    return slot < 0 ? undefined : this.#records[(this.#slots[2 * slot + 1] as number) - 1];
  }

  /** Adds `record` under `name`, which no record in the table has (callers check first). */
  add(name: string, record: R): void {
    if (this.#small !== null) {
      this.#small.set(name, record);
      if (this.#small.size >= this.#switchAt) this.#leaveMap();
      return;
    }
    if ((this.#taken + 1) * 2 > this.#mask + 1) {
      // Deleted slots are most of those taken: rebuild at this size; else twice as many slots.
      if ((this.#taken - this.#size) * 2 > this.#taken) this.#rebuild(this.#size + 1);
      else this.#grow();
    }
    const hash = this.#hash(name);
    const slots = this.#slots;
    let slot = hash & this.#mask;
    let free = -1;
    for (;;) {
      const ref = slots[2 * slot + 1] as number;
      if (ref === EMPTY) break;
      if (ref === GONE && free < 0) free = slot;
      slot = (slot + 1) & this.#mask;
    }
    if (free >= 0) slot = free;
    else this.#taken++;
    slots[2 * slot] = hash;
    slots[2 * slot + 1] = this.#records.push(record);
    this.#size++;
  }

  /** Removes the record under `name`; false if there is none. */
  delete(name: string): boolean {
    if (this.#small !== null) return this.#small.delete(name);
    const slot = this.#find(name);
    if (slot < 0) return false;
    const index = (this.#slots[2 * slot + 1] as number) - 1;
    this.#slots[2 * slot + 1] = GONE;
    this.#records[index] = undefined;
    this.#size--;
    const holes = this.#records.length - this.#size;
    // Cancelling most of a million names gives their memory back; waiting until holes are
    // three in four (not one in two) re-places a third as many names over a mass cancel.
    if (holes > 1024 && holes * 4 > this.#records.length * 3) this.#rebuild(this.#size);
    return true;
  }

  *values(): IterableIterator<R> {
    if (this.#small !== null) yield* this.#small.values();
    else for (const record of this.#records) if (record !== undefined) yield record;
  }

  /** Moves the names from the Map to the slots, in the order they were added. */
  #leaveMap(): void {
    const small = this.#small as Map<string, R>;
    this.#small = null;
    this.#rebuild(small.size, [...small.values()], [...small.keys()].map(hashName));
  }

  /** The slot holding `name`, or -1. */
  #find(name: string): number {
    const hash = this.#hash(name);
    const slots = this.#slots;
    for (let slot = hash & this.#mask; ; slot = (slot + 1) & this.#mask) {
      const ref = slots[2 * slot + 1] as number;
      if (ref === EMPTY) return -1;
      if (ref > 0 && slots[2 * slot] === hash && (this.#records[ref - 1] as R).task.key === name) return slot;
    }
  }

  #hash(name: string): number {
    if (name !== this.#lastName) {
      this.#lastName = name;
      this.#lastHash = hashName(name);
    }
    return this.#lastHash;
  }

  /**
   * Twice the slots, the records where they are. The old slots are read in order, and each
   * lands at its hash in the new ones, which for slots read in order is in order too (in
   * each half): a million names are placed in turn instead of at random (a cache miss each).
   */
  #grow(): void {
    const old = this.#slots;
    const count = 2 * (this.#mask + 1);
    const slots = new Int32Array(2 * count);
    const mask = count - 1;
    for (let i = 0; i < old.length; i += 2) {
      const ref = old[i + 1] as number;
      if (ref <= 0) continue;
      placeInto(slots, mask, old[i] as number, ref);
    }
    this.#slots = slots;
    this.#mask = mask;
    this.#taken = this.#size;
  }

  /**
   * New slots for `size` names (under half full), and the records moved up into the holes,
   * in order: `from` with their hashes, by default the table's own.
   */
  #rebuild(size: number, from: ReadonlyArray<R | undefined> = this.#records, hashes: ArrayLike<number> = this.#slotHashes()): void {
    let count = MIN_SLOTS;
    while (count <= size * 2) count *= 2;
    const slots = new Int32Array(2 * count);
    const mask = count - 1;
    const records: R[] = [];
    from.forEach((record, index) => {
      if (record === undefined) return;
      placeInto(slots, mask, hashes[index] as number, records.push(record));
    });
    this.#slots = slots;
    this.#mask = mask;
    this.#records = records;
    this.#size = records.length;
    this.#taken = records.length;
  }

  /** Each record's hash by index, read from the slots (not from the names: three misses each). */
  #slotHashes(): Int32Array {
    const hashOf = new Int32Array(this.#records.length);
    for (let i = 0; i < this.#slots.length; i += 2) {
      const ref = this.#slots[i + 1] as number;
      if (ref > 0) hashOf[ref - 1] = this.#slots[i] as number;
    }
    return hashOf;
  }
}
