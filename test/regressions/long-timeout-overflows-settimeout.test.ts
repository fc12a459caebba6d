// Issue 9.7: Node's setTimeout fires after 1 ms for any delay over 2^31 - 1 ms, so a run
// `timeout` of 25 days timed out at once and `stop({ timeout: Infinity })` aborted runs.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Scheduler } from '../../lib/scheduler/scheduler.js';
import { TaskTimeoutError } from '../../lib/errors.js';
import { T0, deferred, harness, stopAll } from '../helpers.js';

const test = suite('timeouts of 2^31 ms and more overflow setTimeout');
test.after.each(stopAll);

const DAY = 86_400_000;
const quiet = { warn() {}, error() {} };

test('ManualClock fires an over-long setTimeout after 1 ms, as Node does', async () => {
  const { clock } = harness();
  let fired = 0;
  clock.setTimeout(() => fired++, 2 ** 31);
  await clock.advance(1);
  assert.is(fired, 1);
});

test('a run with timeout { days: 25 } times out exactly 25 days after it started', async () => {
  const { clock, scheduler, record } = harness();
  scheduler.addSingleTask({ name: 'long', at: T0, timeout: { days: 25 }, action: () => new Promise(() => {}) });
  scheduler.start();
  await clock.advance(25 * DAY - 1);
  assert.equal(record.of('error'), [], 'still running one millisecond before its timeout');
  await clock.advance(1);
  const errors = record.of('error') as Array<{ error: unknown }>;
  assert.is(errors.length, 1);
  assert.instance(errors[0]?.error, TaskTimeoutError);
  assert.is(clock.pendingTimers, 0, 'nothing left armed');
});

test('stop({ timeout: Infinity }) waits for the run however long it takes', async () => {
  const { clock, scheduler, record } = harness();
  const gate = deferred();
  scheduler.addSingleTask({ name: 'slow', at: T0, action: () => gate.promise });
  scheduler.start();
  await clock.flush();
  let stopped = false;
  const stopping = scheduler.stop({ timeout: Number.POSITIVE_INFINITY }).then(() => (stopped = true));
  await clock.advance(30 * DAY);
  assert.is(stopped, false);
  assert.equal(record.of('error'), []);
  gate.resolve();
  await stopping;
  assert.is(record.of('success').length, 1);
});

test('on the system clock, a 25-day timeout does not cut a 20 ms run short', async () => {
  const scheduler = new Scheduler({ logger: quiet });
  const outcomes: string[] = [];
  scheduler.on('success', () => outcomes.push('success'));
  scheduler.on('error', ({ error }) => outcomes.push((error as Error).name));
  scheduler.addSingleTask({ name: 'long', at: Date.now(), timeout: { days: 25 }, action: () => new Promise((r) => setTimeout(r, 20)) });
  scheduler.start();
  await scheduler.stop({ timeout: Number.POSITIVE_INFINITY });
  assert.equal(outcomes, ['success']);
});

test.run();
