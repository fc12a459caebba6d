import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { planClaim, nextAtEnd } from '../../../lib/scheduler/durable/plan.js';
import { specOf, taskOf } from '../../../lib/scheduler/durable/spec.js';
import type { ScheduleRow, ScheduleType } from '../../../lib/store/store.js';

const test = suite('durable plan');
const T0 = Date.UTC(2027, 0, 4, 12, 0, 0);
const MIN = 60_000;

function setup(type: ScheduleType, options: Record<string, unknown>, nextRunAt: number, runs = 0) {
  const spec = specOf(type, { name: 'p', action: 'h', ...options });
  const row: ScheduleRow = {
    ...spec, nextRunAt, paused: false, pausedAt: null, state: 'scheduled', runs, failures: 0, lastOutcome: null, version: 1, createdAt: T0, updatedAt: T0,
  };
  return { task: taskOf(spec, null), row };
}

test('an on-time slot runs as scheduled; the next slot is the rule\'s', () => {
  const { task, row } = setup('interval', { interval: MIN }, T0);
  assert.equal(planClaim(task, row, T0 + 500), { plan: { runs: [{ slot: T0, kind: 'scheduled' }], nextRunAt: T0 + MIN, nextAtCompletion: false, missed: 0 } });
});

test("catchUp 'once' after 10 slots went by: one catchup run for the latest late slot, 9 missed", () => {
  const { task, row } = setup('interval', { interval: MIN }, T0);
  const { plan, missed } = planClaim(task, row, T0 + 9 * MIN + 30_000);
  assert.equal(plan, { runs: [{ slot: T0 + 9 * MIN, kind: 'catchup' }], nextRunAt: T0 + 10 * MIN, nextAtCompletion: false, missed: 9 });
  assert.equal(missed, { count: 9, first: T0, last: T0 + 8 * MIN, truncated: false });
});

test("catchUp 'once': the latest due slot within the grace time runs as scheduled", () => {
  const { task, row } = setup('interval', { interval: MIN }, T0);
  const { plan } = planClaim(task, row, T0 + 3 * MIN + 500);
  assert.equal(plan, { runs: [{ slot: T0 + 3 * MIN, kind: 'scheduled' }], nextRunAt: T0 + 4 * MIN, nextAtCompletion: false, missed: 3 });
});

test("catchUp 'skip': no run, every late slot missed, the next future slot planned", () => {
  const { task, row } = setup('interval', { interval: MIN, catchUp: 'skip' }, T0);
  const { plan, missed } = planClaim(task, row, T0 + 9 * MIN + 30_000);
  assert.equal(plan, { runs: [], nextRunAt: T0 + 10 * MIN, nextAtCompletion: false, missed: 10 });
  assert.equal(missed, { count: 10, first: T0, last: T0 + 9 * MIN, truncated: false });
});

test("catchUp 'all': the oldest late slot as catchup, its end writes the next slot (late ones run back to back)", () => {
  const { task, row } = setup('interval', { interval: MIN, catchUp: 'all' }, T0);
  const detail = planClaim(task, row, T0 + 3 * MIN + 500);
  assert.equal(detail, { plan: { runs: [{ slot: T0, kind: 'catchup' }], nextRunAt: null, nextAtCompletion: true, missed: 0 } });
  assert.is(nextAtEnd(task, T0, T0 + 3 * MIN + 900, 1), T0 + MIN, 'the slot after the catch-up one, not after its end');
  const second = { ...row, nextRunAt: T0 + 2 * MIN };
  assert.equal(planClaim(task, second, T0 + 3 * MIN + 900).plan.runs, [{ slot: T0 + 2 * MIN, kind: 'catchup' }]);
  const onTime = { ...row, nextRunAt: T0 + 3 * MIN };
  assert.equal(planClaim(task, onTime, T0 + 3 * MIN + 900).plan, { runs: [{ slot: T0 + 3 * MIN, kind: 'scheduled' }], nextRunAt: T0 + 4 * MIN, nextAtCompletion: false, missed: 0 });
});

test("catchUp 'all' with maxCatchUp 2 and 6 late slots: the 4 oldest are missed, catch-up starts at the 5th", () => {
  const { task, row } = setup('interval', { interval: MIN, catchUp: 'all', maxCatchUp: 2 }, T0);
  const { plan, missed } = planClaim(task, row, T0 + 5 * MIN + 30_000);
  assert.equal(plan, { runs: [{ slot: T0 + 4 * MIN, kind: 'catchup' }], nextRunAt: null, nextAtCompletion: true, missed: 4 });
  assert.equal(missed, { count: 4, first: T0, last: T0 + 3 * MIN, truncated: false });
});

test('a single task runs once and finishes', () => {
  const { task, row } = setup('single', { at: T0 }, T0);
  assert.equal(planClaim(task, row, T0).plan, { runs: [{ slot: T0, kind: 'scheduled' }], nextRunAt: null, nextAtCompletion: false, missed: 0 });
});

test('maxRuns: the last allowed run finishes the schedule', () => {
  const { task, row } = setup('interval', { interval: MIN, maxRuns: 3 }, T0 + 2 * MIN, 2);
  assert.equal(planClaim(task, row, T0 + 2 * MIN).plan, { runs: [{ slot: T0 + 2 * MIN, kind: 'scheduled' }], nextRunAt: null, nextAtCompletion: false, missed: 0 });
});

test('a sequential interval writes its next slot at completion, from the end of the run', () => {
  const { task, row } = setup('interval', { interval: MIN, processMethod: 'sequential' }, T0);
  assert.equal(planClaim(task, row, T0).plan, { runs: [{ slot: T0, kind: 'scheduled' }], nextRunAt: null, nextAtCompletion: true, missed: 0 });
  assert.is(nextAtEnd(task, T0, T0 + 7_000, 1), T0 + 7_000 + MIN);
});

test('a cron schedule plans its next wall-clock slot', () => {
  const { task, row } = setup('cron', { cron: '*/15 * * * *', timeZone: 'UTC' }, T0);
  assert.equal(planClaim(task, row, T0 + 10).plan, { runs: [{ slot: T0, kind: 'scheduled' }], nextRunAt: T0 + 15 * MIN, nextAtCompletion: false, missed: 0 });
});

test.run();
