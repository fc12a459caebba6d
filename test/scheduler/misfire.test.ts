import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { CatchUp } from '../../lib/types.js';
import { T0, harness, stopAll } from '../helpers.js';

const test = suite('misfire and clock jumps');
test.after.each(stopAll);

type Missed = { count: number; first: Date; last: Date; truncated: boolean };
type Started = { run: { scheduledAt: Date; kind: string } };

function minutely(catchUp: CatchUp, extra: Record<string, unknown> = {}) {
  const h = harness();
  const at: number[] = [];
  h.scheduler.addIntervalTask({ name: 'm', interval: 60_000, initialDelay: 60_000, catchUp, ...extra, action: () => at.push(h.clock.now() - T0) });
  h.scheduler.start();
  return { ...h, at };
}

test("a suspended process (wall clock +8 h): catchUp 'once' runs once for the latest slot and counts the rest", async () => {
  const { clock, record, at } = minutely('once');
  await clock.set(T0 + 8 * 3_600_000 + 15_000); // suspend: the wall clock jumps, no timer fired
  await clock.advance(30_000); // the capped timer wakes within 30 s, at 8 h 45 s
  assert.equal(at, [8 * 3_600_000 + 45_000]);
  const started = record.of('start') as Started[];
  assert.equal(started[0]?.run.scheduledAt, new Date(T0 + 8 * 3_600_000));
  assert.is(started[0]?.run.kind, 'catchup', 'a late slot run is a catch-up run, as a durable store records it');
  const [missed] = record.of('missed') as Missed[];
  assert.is(missed?.count, 479);
  assert.equal(missed?.first, new Date(T0 + 60_000));
  assert.equal(missed?.last, new Date(T0 + 8 * 3_600_000 - 60_000));
  assert.is(missed?.truncated, false);
  await clock.advance(15_000);
  assert.equal(at, [8 * 3_600_000 + 45_000, 8 * 3_600_000 + 60_000], 'back on the grid, no burst');
  assert.is((record.of('start') as Started[])[1]?.run.kind, 'scheduled');
});

test("catchUp 'skip' runs none of the late slots and waits for the next one", async () => {
  const { clock, record, at } = minutely('skip');
  await clock.set(T0 + 8 * 3_600_000 + 15_000);
  await clock.advance(30_000);
  assert.equal(at, []);
  const [missed] = record.of('missed') as Missed[];
  assert.is(missed?.count, 480);
  await clock.advance(14_999);
  assert.equal(at, []);
  await clock.advance(1);
  assert.equal(at, [8 * 3_600_000 + 60_000]);
});

test("catchUp 'all' runs every late slot one after another, capped by maxCatchUp", async () => {
  const { clock, record, at } = minutely('all', { maxCatchUp: 5 });
  await clock.set(T0 + 10 * 60_000 + 15_000);
  // Each catch-up run starts at the next wake after the previous one ended (here 1 ms apart).
  await clock.advance(30_010);
  const started = record.of('start') as Started[];
  assert.equal(started.map((s) => (s.run.scheduledAt.getTime() - T0) / 60_000), [1, 2, 3, 4, 5]);
  assert.ok(started.every((s) => s.run.kind === 'catchup'));
  const [missed] = record.of('missed') as Missed[];
  assert.is(missed?.count, 5, 'slots 6..10 were dropped after the cap');
  assert.is(at.length, 5);
  await clock.advance(15_000);
  assert.is(at.length, 6, 'then the next regular slot');
});

test('a +10 years jump: no burst, no loop, and missed counting stops at 10 000', async () => {
  const h = harness();
  let runs = 0;
  h.scheduler.addIntervalTask({ name: 'fast', interval: 50, action: () => runs++ });
  h.scheduler.start();
  await h.clock.flush();
  await h.clock.set(T0 + 3_652 * 86_400_000);
  await h.clock.advance(30_000);
  const [missed] = h.record.of('missed') as Missed[];
  assert.is(missed?.count, 10_000);
  assert.is(missed?.truncated, true);
  assert.ok(runs < 700, `ran ${runs} times: one catch-up run, then the regular 50 ms grid`);
  // Exactly: the run at T0, one run for the latest late slot, then the 50 ms grid for 30 s.
  assert.is(runs, 601);
  assert.ok(h.scheduler.queueCapacity <= 2);
});

test('a run within misfireGraceTime is not late', async () => {
  const { clock, record, at } = minutely('skip', { misfireGraceTime: 5000 });
  await clock.set(T0 + 60_000 + 4_000 - 30_000);
  await clock.advance(30_000);
  assert.equal(at, [64_000]);
  assert.equal(record.of('missed'), []);
});

test("catchUp 'skip' 1 ms past the grace drops that slot too and waits for the next", async () => {
  const { clock, record, at } = minutely('skip', { misfireGraceTime: 5000 });
  await clock.set(T0 + 125_001 - 30_000);
  await clock.advance(30_000);
  assert.equal(at, []);
  const missed = record.of('missed') as Missed[];
  assert.equal(missed.map((m) => [m.count, m.first.getTime() - T0, m.last.getTime() - T0]), [[2, 60_000, 120_000]]);
  await clock.advance(180_000 - 125_001);
  assert.equal(at, [180_000]);
});

test('a wall clock set back 1 h does not stall interval tasks (APScheduler #752)', async () => {
  const h = harness();
  const at: number[] = [];
  h.scheduler.addIntervalTask({ name: 'i', interval: 10_000, action: () => at.push(h.clock.monotonic()) });
  h.scheduler.start();
  await h.clock.advance(20_000);
  await h.clock.set(h.clock.now() - 3_600_000);
  await h.clock.advance(40_000);
  // Elapsed-time view: runs every 10 s of real time throughout.
  assert.equal(at, [0, 10_000, 20_000, 30_000, 40_000, 50_000, 60_000]);
  assert.equal(h.record.of('missed'), []);
});

test('a wall clock set back 1 h: a day-style absolute slot waits for its wall time again', async () => {
  const h = harness();
  let ran = 0;
  h.scheduler.addSingleTask({ name: 'at', at: T0 + 60_000, action: () => ran++ });
  h.scheduler.start();
  await h.clock.set(T0 - 3_600_000);
  await h.clock.advance(3_600_000 + 59_999);
  assert.is(ran, 0);
  await h.clock.advance(1);
  assert.is(ran, 1);
});

test.run();
