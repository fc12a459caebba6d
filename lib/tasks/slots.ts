/**
 * Walking a task's slot sequence, given its checked next-run function (`nextRunOf`): the first
 * slot after a time, and the late slots up to a time (counted, with the latest found exactly).
 * Used on the unusual paths only: resume, misfire, listings.
 */
type Next = (after: number) => number | null;

/** The first slot of the sequence (from `anchor`, itself a slot) that is after `t`. */
export function slotAfter(next: Next, anchor: number, t: number): number | null {
  let slot: number | null = anchor;
  for (let i = 0; i < 1000 && slot !== null && slot <= t; i++) slot = next(slot);
  return slot !== null && slot <= t ? next(t) : slot;
}

/**
 * Late slots from `anchor` (a slot) up to and including `until`: how many (counting stops at
 * `limit`), and the latest one, found exactly even when counting stopped.
 */
export function lateSlots(next: Next, anchor: number, until: number, limit: number): { count: number; last: number; truncated: boolean } {
  let count = 0;
  let last = anchor;
  let slot: number | null = anchor;
  while (slot !== null && slot <= until) {
    if (count === limit) return { count, last: latestSlotAtOrBefore(next, last, until), truncated: true };
    count++;
    last = slot;
    slot = next(slot);
  }
  return { count, last, truncated: false };
}

/** Latest slot ≤ `until`, galloping back from `until` (used when counting stopped early). */
function latestSlotAtOrBefore(next: Next, known: number, until: number): number {
  for (let window = 1000; until - window > known; window *= 2) {
    const slot = next(until - window);
    if (slot !== null && slot <= until) return walkTo(next, slot, until);
  }
  return walkTo(next, known, until);
}

function walkTo(next: Next, slot: number, until: number): number {
  let best = slot;
  for (let s = next(slot); s !== null && s <= until; s = next(s)) best = s;
  return best;
}
