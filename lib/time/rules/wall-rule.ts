/**
 * The base of the rules on a zone's wall clock (weekday, monthday, cron): `next` is the
 * rule's search (dst.ts's `nextWallMatch` over its wall pattern) behind a one-answer memo.
 *
 * Why a memo: rules are shared by every task with the same definition, and a million
 * reminders added within seconds of each other ask the same few thousand rules for their
 * first slot after nearly the same instant. `next(a) = n` means no instant of the rule lies in
 * (a, n), so `next(t) = n` for every t in [a, n): the rule keeps (a, n) and answers any `after`
 * in that span without searching. Anything outside it (at or past n, before a) searches and
 * keeps the new answer. It is invisible: `next` stays a pure function of `after`.
 */
import type { Zone } from '../zone.js';
import type { ZonedRule } from './rule.js';

export abstract class WallRule implements ZonedRule {
  /** The last search's `after` and answer; NaN (never in span) until a search found one. */
  #from = Number.NaN;
  #next = Number.NaN;

  constructor(readonly zone: Zone) {}

  /** The first instant strictly after `after`, or null: what `next` answers, unremembered. */
  abstract search(after: number): number | null;

  next(after: number): number | null {
    const known = this.#next;
    if (after < known && after >= this.#from) return known;
    const next = this.search(after);
    if (next !== null) {
      this.#from = after;
      this.#next = next;
    }
    return next;
  }
}
