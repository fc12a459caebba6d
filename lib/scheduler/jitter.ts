/**
 * `jitter`: each run starts a random 0..jitter ms after its slot. The randomness comes from
 * the scheduler's `random` option, so tests can pin both bounds exactly.
 */
import type { Task } from '../tasks/task.js';
import { isAllowed } from '../time/rules/limits.js';

/**
 * The delay for a run of `task` at `slot`: `floor(r * (jitter + 1))` for `r = random()` in
 * [0, 1), so every value 0..jitter is equally likely and jitter + 1 never comes. A `random`
 * that breaks its contract is clamped, never trusted. Under limits the delay stops at the last
 * allowed instant before the first refused one, so a run never starts past `endDate` or the
 * end of its `activeWindow`.
 */
export function drawJitter(task: Task, slot: number, random: () => number): number {
  const jitter = task.policy.jitter;
  const r = random();
  // `r > 0` is false for NaN too.
  let ms = r > 0 ? Math.min(jitter, Math.floor(r * (jitter + 1))) : 0;
  const limited = task.limitedRule;
  if (ms === 0 || limited === undefined) return ms;
  const { limits, zone } = limited;
  if (isAllowed(limits, slot + ms, zone)) return ms;
  if (!isAllowed(limits, slot, zone)) return 0;
  // Bisect between an allowed offset (lo) and a refused one (hi).
  let lo = 0;
  while (ms - lo > 1) {
    const mid = lo + Math.floor((ms - lo) / 2);
    if (isAllowed(limits, slot + mid, zone)) lo = mid;
    else ms = mid;
  }
  return lo;
}
