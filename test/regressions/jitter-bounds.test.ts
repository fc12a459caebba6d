// Issue 9.22: jitter's randomness is injectable (`random` scheduler option), so its bounds
// are tested exactly: 0 and the full jitter, never jitter + 1, never past endDate or the end
// of an activeWindow.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Scheduler } from '../../lib/scheduler/scheduler.js';
import { T0, harness, stopAll } from '../helpers.js';

const test = suite('jitter bounds');
test.after.each(stopAll);

const action = () => {};
const JUST_UNDER_1 = 1 - Number.EPSILON / 2;

function startOffsets(record: ReturnType<typeof harness>['record']): Array<[number, number]> {
  return (record.of('start') as Array<{ run: { scheduledAt: Date; startedAt: Date } }>).map((s) => [s.run.scheduledAt.getTime() - T0, s.run.startedAt.getTime() - T0]);
}

test('random() = 0 starts every run on its slot', async () => {
  const { clock, scheduler, record } = harness({ random: () => 0 });
  scheduler.addIntervalTask({ name: 'j', interval: 10_000, jitter: 2000, action });
  scheduler.start();
  await clock.advance(20_000);
  assert.equal(startOffsets(record), [[0, 0], [10_000, 10_000], [20_000, 20_000]]);
});

test('the largest random() starts each run exactly `jitter` ms after its slot, never one more', async () => {
  const { clock, scheduler, record } = harness({ random: () => JUST_UNDER_1 });
  scheduler.addIntervalTask({ name: 'j', interval: 10_000, jitter: 2000, action });
  scheduler.start();
  await clock.advance(22_000);
  assert.equal(startOffsets(record), [[0, 2000], [10_000, 12_000], [20_000, 22_000]]);
});

test('each value 0..jitter is one equal share of [0, 1): floor(r * (jitter + 1))', async () => {
  for (const [value, offset] of [[Number.MIN_VALUE, 0], [0.5, 1000], [1999.5 / 2001, 1999], [2000 / 2001, 2000]] as const) {
    const { clock, scheduler, record } = harness({ random: () => value });
    scheduler.addIntervalTask({ name: 'j', interval: 10_000, jitter: 2000, action });
    scheduler.start();
    await clock.advance(2000);
    assert.equal(startOffsets(record), [[0, offset]], `random() = ${value}`);
  }
});

test('a random() that breaks its contract (1, NaN) stays within 0..jitter', async () => {
  for (const [value, offset] of [[1, 2000], [Number.NaN, 0], [-3, 0]] as const) {
    const { clock, scheduler, record } = harness({ random: () => value });
    scheduler.addIntervalTask({ name: 'j', interval: 10_000, jitter: 2000, action });
    scheduler.start();
    await clock.advance(2000);
    assert.equal(startOffsets(record), [[0, offset]], `random() = ${value}`);
  }
});

test('a jittered start never passes endDate', async () => {
  const { clock, scheduler, record } = harness({ random: () => JUST_UNDER_1 });
  scheduler.addIntervalTask({ name: 'j', interval: 10_000, jitter: 5000, endDate: T0 + 22_000, action });
  scheduler.start();
  await clock.advance(60_000);
  assert.equal(startOffsets(record), [[0, 5000], [10_000, 15_000], [20_000, 22_000]]);
});

test("a jittered start never passes the end of the task's activeWindow", async () => {
  const { clock, scheduler, record } = harness({ random: () => JUST_UNDER_1 });
  scheduler.addIntervalTask({ name: 'j', interval: 20_000, jitter: 15_000, activeWindow: { from: '12:00', to: '12:00:50' }, timeZone: 'UTC', action });
  scheduler.start();
  await clock.advance(60_000);
  assert.equal(startOffsets(record), [[0, 15_000], [20_000, 35_000], [40_000, 49_999]]);
});

test('`random` must be a function', () => {
  assert.throws(() => new Scheduler({ random: 0.5 as never }), (e: unknown) => e instanceof TypeError && /Expected `random` to be a function returning a number in \[0, 1\), got `0.5` \(number\)/.test((e as Error).message));
});

test.run();
