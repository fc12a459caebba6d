/**
 * The one DST implementation: every wall-clock rule (weekday, monthday, cron, limits) finds
 * its next instant through `nextWallMatch`, the first real instant after `after` at which a
 * wall pattern matches, walking the zone's segments of constant offset (so it costs one
 * segment lookup and one pattern call away from transitions, and never walks minutes).
 *
 * Two DST policies (docs/time-semantics.md):
 * - `fixed` (weekday, monthday, fixed-time cron): each local time happens once. A time in a
 *   gap runs shifted forward by the gap (Temporal `'compatible'`: 02:30 → 03:30); in a fold
 *   only the first pass counts. Times that map to the same instant merge.
 * - follow the clock (cron with `*` or a step in minute or hour): every real instant whose
 *   wall time matches, so a fold's repeated times run twice and a gap's times never occur.
 */
import { MS_PER_DAY } from './calendar.js';
import { MAX_INSTANT_MS } from '../internal/instant.js';
import type { Zone } from './zone.js';

/**
 * A set of local times on wall values (calendar.ts): `first(wall)` is the first matching wall
 * ≥ `wall`, or `Infinity`. Patterns know nothing of zones; `nextWallMatch` maps them to instants.
 */
export interface WallPattern {
  first(wall: number): number;
}

/** Segments visited before giving up; the patterns' own horizons normally end a search first. */
const MAX_SEGMENTS = 10_000;

/**
 * First instant > `after` matching `pattern` in `zone`, or null when it has no further match
 * within the Date range (a zone has no offsets past it, and no Date could hold such a run).
 */
export function nextWallMatch(pattern: WallPattern, after: number, zone: Zone, fixed: boolean): number | null {
  // Instants are whole ms; every instant ≥ `cursor` is still a candidate.
  let cursor = Math.floor(after) + 1;
  for (let i = 0; i < MAX_SEGMENTS && cursor <= MAX_INSTANT_MS; i++) {
    const seg = zone.segmentAt(cursor);
    const offset = seg.offset;
    const prev = seg.prevOffset;
    let best = Infinity;
    if (fixed && prev < offset && cursor < seg.start + (offset - prev)) {
      // Wall times skipped by the gap at seg.start run at wall - prev, i.e. shifted by the gap.
      const hi = seg.start + offset;
      const w = pattern.first(Math.max(seg.start + prev, cursor + prev));
      if (w < hi) best = w - prev;
    }
    let lo = cursor + offset;
    // After a fold, the wall times the previous segment already showed are a second pass.
    if (fixed && prev > offset) lo = Math.max(lo, seg.start + prev);
    const w = pattern.first(lo);
    if (w - offset < seg.end && w - offset < best) best = w - offset;
    if (best !== Infinity || w === Infinity) return best <= MAX_INSTANT_MS ? best : null;
    // No match in this segment. Nothing matches on walls in [lo, w), and a fold starting
    // two days or more after `cursor` never shows walls below lo, so segments ending well
    // before w - offset can be skipped unvisited. A nearby fold must be visited: its
    // repeated walls may lie below lo.
    cursor = seg.end - cursor < 2 * MS_PER_DAY ? seg.end : Math.max(seg.end, w - offset - 2 * MS_PER_DAY);
  }
  return null;
}
