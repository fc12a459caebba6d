/**
 * The wall-clock rules' one-answer memo (wall-rule.ts) never changes an answer: `next(after)`
 * equals the unremembered search `search(after)` for every sequence of questions, asked
 * forward, backward, at and just before the previous answer, at fractional instants, in
 * zones with gaps, folds, half-hour and 30-minute DST, near transitions. fast-check picks the
 * sequences (fixed seed, so a failure replays exactly).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { CronRule, parseCron } from '../../lib/time/rules/cron.js';
import { MonthdayRule } from '../../lib/time/rules/monthday.js';
import { WeekdayRule } from '../../lib/time/rules/weekday.js';
import type { WallRule } from '../../lib/time/rules/wall-rule.js';
import { Zone } from '../../lib/time/zone.js';
import { ORACLE_ZONES, mulberry32, pick, randomCron, randomMonthdays, randomStart, randomTime, randomWeekdays } from './oracle-cases.js';

const SEED = 20_261_130;
const DAY = 86_400_000;

/** The next question, from the previous `after` and the previous answer. */
type Step =
  | { kind: 'answer' }
  | { kind: 'justBefore' }
  | { kind: 'shift'; ms: number }
  | { kind: 'fraction'; ms: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.constant<Step>({ kind: 'answer' }),
  fc.constant<Step>({ kind: 'justBefore' }),
  fc.integer({ min: -3 * DAY, max: 3 * DAY }).map((ms): Step => ({ kind: 'shift', ms })),
  fc.integer({ min: -2 * 3_600_000, max: 2 * 3_600_000 }).map((ms): Step => ({ kind: 'shift', ms })),
  fc.integer({ min: -1000, max: 1000 }).map((ms): Step => ({ kind: 'fraction', ms: ms + 0.5 })),
);

/** A fresh (unshared) rule of a random kind, aimed at a random instant near a transition of its zone. */
function makeCase(seed: number): { label: string; rule: WallRule; after: number } {
  const rnd = mulberry32(seed);
  const zoneName = pick(rnd, ORACLE_ZONES);
  const zone = Zone.resolve(zoneName);
  const start = randomStart(rnd, zoneName);
  const kind = rnd();
  if (kind < 0.4) {
    const expression = randomCron(rnd, start);
    return { label: `cron '${expression}' in ${zoneName}`, rule: new CronRule(parseCron(expression), zone), after: start.after };
  }
  const time = randomTime(rnd, start);
  if (kind < 0.75) {
    const days = randomWeekdays(rnd);
    return { label: `weekdays ${days} at ${time} in ${zoneName}`, rule: new WeekdayRule(days, time, zone), after: start.after };
  }
  const days = randomMonthdays(rnd);
  return { label: `monthdays ${days} at ${time} in ${zoneName}`, rule: new MonthdayRule(days, time, zone), after: start.after };
}

test('a remembered answer equals the search, for any sequence of questions', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.array(step, { minLength: 1, maxLength: 25 }), (seed, steps) => {
      const { label, rule, after: start } = makeCase(seed);
      let after = start;
      let answer: number | null = rule.next(after);
      assert.is(answer, rule.search(after), `${label}: first question, after ${after}`);
      for (const s of steps) {
        if (s.kind === 'answer') after = answer ?? after;
        else if (s.kind === 'justBefore') after = (answer ?? after + 1) - 1;
        else after = Math.floor(after) + s.ms;
        answer = rule.next(after);
        assert.is(answer, rule.search(after), `${label}: after ${after}`);
      }
    }),
    { seed: SEED, numRuns: 600 },
  );
});

test('a rule walked forward and then asked again from the start answers as before', () => {
  // The walk a reschedule makes (next of each answer), then a task added at an earlier
  // instant (a clock set back): the memo must let go of the later span.
  const zone = Zone.resolve('America/New_York');
  const rule = new WeekdayRule([7], [1, 30, 0], zone);
  const from = Date.UTC(2026, 10, 1, 0); // Saturday 2026-10-31 20:00 in New York, before the fold
  const walk: number[] = [];
  for (let t: number | null = from, i = 0; t !== null && i < 4; i++) walk.push((t = rule.next(t)) as number);
  assert.equal(walk, [
    Date.UTC(2026, 10, 1, 5, 30), // 01:30 EDT, the fold's first pass only
    Date.UTC(2026, 10, 8, 6, 30),
    Date.UTC(2026, 10, 15, 6, 30),
    Date.UTC(2026, 10, 22, 6, 30),
  ]);
  assert.is(rule.next(from), walk[0]);
  assert.is(rule.next(Date.UTC(2026, 10, 1, 5, 45)), walk[1]);
  assert.is(rule.next(Date.UTC(2026, 10, 1, 5, 30) - 0.5), walk[0]);
});

test.run();
