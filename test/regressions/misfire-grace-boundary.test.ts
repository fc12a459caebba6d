// Issue 9.21: a run exactly `misfireGraceTime` late is on time (late means `>`), and with a
// grace of 0 and catchUp 'skip' on-time runs still run.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { T0, harness, stopAll } from '../helpers.js';

const test = suite('misfireGraceTime boundary');
test.after.each(stopAll);

const action = () => {};

async function lateBy(ms: number, grace = 500) {
  const h = harness();
  h.scheduler.addIntervalTask({ name: 'i', interval: 10_000, initialDelay: 10_000, misfireGraceTime: grace, catchUp: 'skip', action });
  h.scheduler.start();
  await h.clock.advance(5000);
  await h.scheduler.stop();
  await h.clock.advance(5000 + ms);
  h.scheduler.start();
  await h.clock.flush();
  return h;
}

test("a slot exactly misfireGraceTime late runs as on time under catchUp 'skip'", async () => {
  const { record } = await lateBy(500);
  const started = record.of('start') as Array<{ run: { scheduledAt: Date; kind: string } }>;
  assert.equal(started.map((s) => [s.run.scheduledAt.getTime() - T0, s.run.kind]), [[10_000, 'scheduled']]);
  assert.equal(record.of('missed'), []);
});

test("a slot 1 ms more than misfireGraceTime late is skipped and counted", async () => {
  const { record, scheduler } = await lateBy(501);
  assert.equal(record.of('start'), []);
  assert.equal((record.of('missed') as Array<{ count: number }>).map((m) => m.count), [1]);
  assert.equal(scheduler.tasks()[0]?.nextRunAt, new Date(T0 + 20_000));
});

test('misfireGraceTime 0: exactly on time runs; 1 ms late is skipped and counted', async () => {
  const onTime = await lateBy(0, 0);
  assert.equal((onTime.record.of('start') as unknown[]).length, 1);
  assert.equal(onTime.record.of('missed'), []);
  const late = await lateBy(1, 0);
  assert.equal(late.record.of('start'), []);
  assert.equal((late.record.of('missed') as Array<{ count: number }>).map((m) => m.count), [1]);
});

test("misfireGraceTime 0 with catchUp 'skip' runs every on-time slot", async () => {
  const { clock, scheduler, record } = harness();
  scheduler.addIntervalTask({ name: 'i', interval: 1000, misfireGraceTime: 0, catchUp: 'skip', action });
  scheduler.start();
  await clock.advance(3000);
  const slots = (record.of('start') as Array<{ run: { scheduledAt: Date } }>).map((s) => s.run.scheduledAt.getTime() - T0);
  assert.equal(slots, [0, 1000, 2000, 3000]);
  assert.equal(record.of('missed'), []);
});

test.run();
