// Found by the mutation exercise (mutant #18 in test/mutants.json survived because of it):
// with catchUp 'skip', a stall that leaves one slot exactly `misfireGraceTime` late (not late,
// by the policy) does not run that slot. The late decision places it instead of running it,
// the drain re-arms its timer at least 1 ms later, and by then the slot is grace + 1 ms late:
// it is dropped with a second 'missed'. The slot should run when the stall ends.
// Fixed in scheduler/misfire.ts: a first not-late slot that is already due runs at once.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { T0, harness, stopAll } from '../helpers.js';

const test = suite("catchUp 'skip': a slot exactly the grace late after a stall");
test.after.each(stopAll);

type Missed = { count: number; first: Date; last: Date };

test('runs that slot, and counts only the slots late by more than the grace as missed', async () => {
  const { clock, scheduler, record } = harness();
  const at: number[] = [];
  scheduler.addIntervalTask({ name: 'm', interval: 60_000, initialDelay: 60_000, catchUp: 'skip', misfireGraceTime: 5000, action: () => at.push(clock.now() - T0) });
  scheduler.start();
  await clock.set(T0 + 125_000 - 30_000);
  await clock.advance(30_000); // wakes at 125 s: slot 60 s is 65 s late, slot 120 s exactly 5 s late
  await clock.advance(1);
  assert.equal(at, [125_000]);
  const missed = record.of('missed') as Missed[];
  assert.equal(missed.map((m) => [m.count, m.first.getTime() - T0, m.last.getTime() - T0]), [[1, 60_000, 60_000]]);
});

test.run();
