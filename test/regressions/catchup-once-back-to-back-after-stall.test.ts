// Issue 9.15: after a stall longer than the grace time, catchUp 'once' ran the first slot
// within the grace time, and then every later due slot back to back, one per millisecond.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { T0, harness, stopAll } from '../helpers.js';

const test = suite("catchUp 'once' after a stall gives back-to-back runs");
test.after.each(stopAll);

test("a 100 ms interval stalled 2 s runs once for the latest due slot, then on its grid", async () => {
  const { clock, scheduler, record } = harness();
  const started: number[] = [];
  scheduler.addIntervalTask({ name: 'i', interval: 100, action: () => started.push(clock.now() - T0) });
  scheduler.start();
  await clock.advance(100);
  // The loop is blocked for 2 s: the wall clock moves on while no timer fires.
  await clock.set(clock.now() + 2000);
  await clock.advance(1000);
  assert.equal(started, [0, 100, 2200, 2300, 2400, 2500, 2600, 2700, 2800, 2900, 3000, 3100]);
  const slots = (record.of('start') as Array<{ run: { scheduledAt: Date } }>).map((s) => s.run.scheduledAt.getTime() - T0);
  assert.equal(slots, started);
  const missed = record.of('missed') as Array<{ count: number; first: Date; last: Date }>;
  assert.equal(missed.map((m) => [m.count, m.first.getTime() - T0, m.last.getTime() - T0]), [[20, 200, 2100]]);
});

test.run();
