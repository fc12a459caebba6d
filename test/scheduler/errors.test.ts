import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { RescheduleError } from '../../lib/errors.js';
import { Task } from '../../lib/tasks/task.js';
import type { LastRun, ReschedulingScheduler } from '../../lib/tasks/task.js';
import { T0, harness, names, stopAll, watchProcessErrors } from '../helpers.js';
import { recordOf } from '../../lib/scheduler/task-record.js';
import type { Task as AnyTask } from '../../lib/tasks/task.js';

/** What the scheduler knows about a task (its record), for reads the TaskInfo does not carry. */
const stateOf = (task: AnyTask | undefined) => (task === undefined ? undefined : recordOf(task) ?? undefined);

const test = suite('error isolation');
test.after.each(stopAll);

function healthy(h: ReturnType<typeof harness>): { runs: () => number } {
  let runs = 0;
  h.scheduler.addIntervalTask({ name: 'healthy', interval: 1000, action: () => runs++ });
  return { runs: () => runs };
}

test('a sync throw, a rejection and a throwing sequential task never stop the loop', async () => {
  const watch = watchProcessErrors();
  const h = harness();
  const { runs } = healthy(h);
  h.scheduler.addIntervalTask({ name: 'throws', interval: 1000, action: () => { throw new Error('boom'); } });
  h.scheduler.addIntervalTask({ name: 'rejects', interval: 1000, action: async () => { throw new Error('nope'); } });
  h.scheduler.addIntervalTask({ name: 'seq', interval: 1000, processMethod: 'sequential', action: () => { throw new Error('seq'); } });
  h.scheduler.start();
  await h.clock.advance(3000);
  watch.dispose();
  assert.is(runs(), 4, 'healthy task kept its schedule');
  const errored = names(h.record, 'error');
  assert.is(errored.filter((n) => n === 'throws').length, 4);
  assert.is(errored.filter((n) => n === 'rejects').length, 4);
  assert.is(errored.filter((n) => n === 'seq').length, 4);
  assert.is(stateOf(h.scheduler.getTask('throws'))?.failures, 4);
  assert.is(stateOf(h.scheduler.getTask('throws'))?.lastOutcome?.status, 'error');
  assert.equal(watch.errors, []);
});

test('errors with no listener go to the logger, never to uncaughtException', async () => {
  const watch = watchProcessErrors();
  const h = harness({ listen: false });
  h.scheduler.addSingleTask({ name: 'bad', at: T0 + 10, action: () => { throw new Error('unheard'); } });
  h.scheduler.start();
  await h.clock.advance(10);
  watch.dispose();
  assert.equal(watch.errors, []);
  assert.is(h.record.logs.length, 1);
  assert.match(h.record.logs[0]?.message ?? '', /Task "bad" failed/);
});

test('a throwing listener is logged and the run and other listeners carry on', async () => {
  const h = harness();
  const seen: string[] = [];
  h.scheduler.on('start', () => { throw new Error('listener bug'); });
  h.scheduler.on('start', ({ task }) => seen.push(task.name));
  const { runs } = healthy(h);
  h.scheduler.start();
  await h.clock.advance(1000);
  assert.is(runs(), 2);
  assert.equal(seen, ['healthy', 'healthy']);
  assert.ok(h.record.logs.some((l) => /listener for "start" threw/.test(l.message)));
});

test('a throwing around hook fails that run only', async () => {
  let calls = 0;
  const h = harness({ around: async (_run, next) => { if (++calls === 1) throw new Error('hook'); return next(); } });
  let runs = 0;
  h.scheduler.addIntervalTask({ name: 't', interval: 1000, action: () => runs++ });
  h.scheduler.start();
  await h.clock.advance(2000);
  assert.is(runs, 2);
  assert.is(stateOf(h.scheduler.getTask('t'))?.failures, 1);
});

test('around hooks wrap runs: scheduler outside, task inside', async () => {
  const log: string[] = [];
  const h = harness({ around: async (_run, next) => { log.push('outer in'); await next(); log.push('outer out'); } });
  h.scheduler.addSingleTask({
    name: 't',
    at: T0 + 1,
    around: async (run, next) => { log.push(`inner in ${run.name}`); await next(); log.push('inner out'); },
    action: () => log.push('action'),
  });
  h.scheduler.start();
  await h.clock.advance(1);
  assert.equal(log, ['outer in', 'inner in t', 'action', 'inner out', 'outer out']);
});

class BrokenReschedule extends Task {
  constructor() { super({ name: 'broken', action: () => {} }); }
  override nextRunAt(after: number): number { return after + 1000; }
  override reschedule(_s: ReschedulingScheduler, _l: LastRun): void { throw new Error('reschedule bug'); }
}

class BackwardsNextRun extends Task {
  constructor() { super({ name: 'backwards', action: () => {} }); }
  override nextRun(after: Date): Date { return new Date(after.getTime() - 1); }
  override firstRunAt(now: number): number { return now + 10; }
}

test('a throwing reschedule is reported and marks the task failed; others keep running', async () => {
  const h = harness();
  const { runs } = healthy(h);
  h.scheduler.scheduleTask(new BrokenReschedule(), 500);
  h.scheduler.start();
  await h.clock.advance(3000);
  assert.is(runs(), 4);
  const info = h.scheduler.tasks().find((t) => t.name === 'broken');
  assert.is(info?.state, 'failed');
  assert.is(info?.nextRunAt, null);
  const errors = h.record.of('error') as Array<{ error: Error }>;
  assert.ok(errors.some((e) => e.error.message === 'reschedule bug'));
});

test('a nextRun that returns a time not after its input is a RescheduleError, never a loop', async () => {
  const h = harness();
  h.scheduler.add(new BackwardsNextRun());
  h.scheduler.start();
  await h.clock.advance(1000);
  const errors = h.record.of('error') as Array<{ error: unknown }>;
  assert.is(errors.length, 1);
  assert.instance(errors[0]?.error, RescheduleError);
  assert.match(String((errors[0]?.error as Error).message), /not after it/);
  assert.is(stateOf(h.scheduler.getTask('backwards'))?.state, 'failed');
  assert.is(stateOf(h.scheduler.getTask('backwards'))?.runs, 1);
});

test('a failed task can be scheduled again and leaves the failed state', async () => {
  const h = harness();
  const task = new BrokenReschedule();
  h.scheduler.scheduleTask(task, 10);
  h.scheduler.start();
  await h.clock.advance(10);
  assert.is(stateOf(task)?.state, 'failed');
  h.scheduler.scheduleTask(task, 10);
  assert.is(stateOf(task)?.state, 'scheduled');
});

class AlwaysNow extends Task {
  constructor() { super({ name: 'always-now', action: () => new Promise(() => {}) }); }
  override nextRunAt(after: number): number { return after + 1; }
  override reschedule(scheduler: ReschedulingScheduler): void { scheduler.scheduleTask(this, 0); }
}

test('a reschedule that keeps scheduling "now" cannot trap the loop in one drain', async () => {
  const h = harness();
  const { runs } = healthy(h);
  h.scheduler.scheduleTask(new AlwaysNow(), 10);
  h.scheduler.start();
  await h.clock.advance(10);
  // Each re-placed entry waits for the next wake instead of being popped again at once.
  assert.ok(h.record.of('skip').length < 5, `skipped ${h.record.of('skip').length} times in one drain`);
  assert.is(runs(), 1);
});

test.run();
