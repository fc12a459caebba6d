import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DuplicateTaskError, RunAbortedError, TaskNotFoundError } from '../../lib/errors.js';
import { IntervalTask } from '../../lib/tasks/interval-task.js';
import { T0, deferred, harness, names, stopAll } from '../helpers.js';
import { recordOf } from '../../lib/scheduler/task-record.js';
import type { Task as AnyTask } from '../../lib/tasks/task.js';

/** What the scheduler knows about a task (its record), for reads the TaskInfo does not carry. */
const stateOf = (task: AnyTask | undefined) => (task === undefined ? undefined : recordOf(task) ?? undefined);

const test = suite('lifecycle');
test.after.each(stopAll);

test('stop() keeps the tasks, clears the timer, and start() resumes them', async () => {
  const { clock, scheduler, record } = harness();
  let runs = 0;
  scheduler.addIntervalTask({ name: 'i', interval: 1000, action: () => runs++ });
  scheduler.start();
  await clock.advance(1000);
  assert.is(runs, 2);
  await scheduler.stop();
  assert.is(clock.pendingTimers, 0);
  assert.is(record.of('stop').length, 1);
  await clock.advance(500);
  assert.is(runs, 2);
  assert.equal(scheduler.tasks().map((t) => t.name), ['i']);
  scheduler.start();
  await clock.advance(500);
  assert.is(runs, 3, 'the slot at 2000 runs on time after restart');
});

test('slots passed while stopped follow the misfire policy at start()', async () => {
  const { clock, scheduler, record } = harness();
  const at: number[] = [];
  scheduler.addIntervalTask({ name: 'i', interval: 1000, action: () => at.push(clock.now() - T0) });
  scheduler.start();
  await clock.flush();
  await scheduler.stop();
  await clock.advance(10_500);
  scheduler.start();
  await clock.flush();
  assert.equal(at, [0, 10_500], "catchUp 'once' runs once at start()");
  const [missed] = record.of('missed') as Array<{ count: number }>;
  assert.is(missed?.count, 9, 'slots 1000..9000 are late');
  const started = record.of('start') as Array<{ run: { scheduledAt: Date } }>;
  assert.equal(started[1]?.run.scheduledAt, new Date(T0 + 10_000), 'the slot still within the grace time is the one run');
});

test('stop() waits for running runs, then aborts them at the timeout through their signal', async () => {
  const { clock, scheduler, record } = harness();
  let aborted: unknown;
  scheduler.addSingleTask({
    name: 'hang',
    at: T0 + 1,
    action: () => new Promise(() => {}),
    around: async (run, next) => {
      run.signal.addEventListener('abort', () => (aborted = run.signal.reason));
      return next();
    },
  });
  scheduler.start();
  await clock.advance(1);
  let stopped = false;
  const stopping = scheduler.stop({ timeout: 5000 }).then(() => (stopped = true));
  await clock.advance(4999);
  assert.is(stopped, false);
  await clock.advance(1);
  await stopping;
  assert.instance(aborted, RunAbortedError);
  const errors = record.of('error') as Array<{ error: unknown }>;
  assert.instance(errors[0]?.error, RunAbortedError);
});

test('no run starts after stop() resolves, including queued sequential runs', async () => {
  const { clock, scheduler } = harness();
  const gate = deferred();
  const ran: string[] = [];
  scheduler.addSingleTask({ name: 'a', at: T0 + 1, processMethod: 'sequential', action: () => { ran.push('a'); return gate.promise; } });
  scheduler.addIntervalTask({ name: 'b', interval: 1000, initialDelay: 1, processMethod: 'sequential', action: () => { ran.push('b'); } });
  scheduler.start();
  await clock.advance(1);
  const stopping = scheduler.stop({ timeout: 100 });
  gate.resolve();
  await stopping;
  await clock.advance(5000);
  assert.equal(ran, ['a']);
  assert.ok(scheduler.getTask('b'), 'the queued task keeps its slot for the next start()');
});

test('cancel during a run prevents its reschedule and returns true', async () => {
  const { clock, scheduler, record } = harness();
  const gate = deferred();
  let runs = 0;
  const task = scheduler.addIntervalTask({ name: 'c', interval: 1000, processMethod: 'sequential', action: () => { runs++; return gate.promise; } });
  scheduler.start();
  await clock.flush();
  assert.is(scheduler.cancel(task), true);
  gate.resolve();
  await clock.advance(5000);
  assert.is(runs, 1);
  assert.is(scheduler.getTask('c'), undefined);
  assert.equal(names(record, 'cancel'), ['c']);
  assert.is(scheduler.cancel('c'), false, 'a second cancel finds nothing');
});

test('duplicate names throw unless replace: true', () => {
  const { scheduler } = harness();
  const first = scheduler.addIntervalTask({ name: 'dup', interval: 1000, action: () => {} });
  assert.throws(() => scheduler.addIntervalTask({ name: 'dup', interval: 5, action: () => {} }), (e: unknown) => e instanceof DuplicateTaskError && /"dup" is already scheduled/.test((e as Error).message));
  const second = scheduler.addIntervalTask({ name: 'dup', interval: 5, replace: true, action: () => {} });
  assert.is(scheduler.getTask('dup'), second);
  assert.is(stateOf(first)?.owner, null);
});

test('pause drops slots without missed events; resume continues on the grid', async () => {
  const { clock, scheduler, record } = harness();
  const at: number[] = [];
  scheduler.addIntervalTask({ name: 'p', interval: 1000, action: () => at.push(clock.now() - T0) });
  scheduler.start();
  await clock.advance(1000);
  scheduler.pause('p');
  assert.is(scheduler.tasks()[0]?.state, 'paused');
  await clock.advance(3500);
  scheduler.resume('p');
  await clock.advance(1000);
  assert.equal(at, [0, 1000, 5000]);
  assert.equal(record.of('missed'), []);
});

test('pause() and resume() with no name apply to all tasks', async () => {
  const { clock, scheduler } = harness();
  let runs = 0;
  scheduler.addIntervalTask({ name: 'a', interval: 1000, initialDelay: 1000, action: () => runs++ });
  scheduler.addIntervalTask({ name: 'b', interval: 1000, initialDelay: 1000, action: () => runs++ });
  scheduler.start();
  scheduler.pause();
  await clock.advance(2000);
  assert.is(runs, 0);
  scheduler.resume();
  await clock.advance(0);
  assert.is(runs, 2, 'the slot at exactly now was not passed while paused');
  await clock.advance(1000);
  assert.is(runs, 4);
  assert.throws(() => scheduler.pause('nope'), /No task named "nope" to pause/);
});

test('enabled: false adds the task paused', async () => {
  const { clock, scheduler } = harness();
  let runs = 0;
  scheduler.addIntervalTask({ name: 'off', interval: 1000, enabled: false, action: () => runs++ });
  scheduler.start();
  await clock.advance(3000);
  assert.is(runs, 0);
  assert.is(scheduler.tasks()[0]?.state, 'paused');
});

test('runNow runs once more after a delay without touching the regular schedule', async () => {
  const { clock, scheduler, record } = harness();
  const at: number[] = [];
  scheduler.addIntervalTask({ name: 'r', interval: 10_000, initialDelay: 10_000, action: () => at.push(clock.now() - T0) });
  scheduler.start();
  assert.equal(scheduler.runNow('r', { delay: 2000 }), new Date(T0 + 2000));
  await clock.advance(10_000);
  assert.equal(at, [2000, 10_000]);
  const kinds = (record.of('start') as Array<{ run: { kind: string } }>).map((s) => s.run.kind);
  assert.equal(kinds, ['manual', 'scheduled']);
  assert.throws(() => scheduler.runNow('missing'), (e: unknown) => e instanceof TaskNotFoundError);
});

test('maxRuns finishes the task after that many runs', async () => {
  const { clock, scheduler } = harness();
  let runs = 0;
  scheduler.addIntervalTask({ name: 'three', interval: 100, maxRuns: 3, action: () => runs++ });
  scheduler.start();
  await clock.advance(1000);
  assert.is(runs, 3);
  assert.is(scheduler.getTask('three'), undefined);
});

test('onIdle resolves when nothing runs and nothing is due', async () => {
  const { clock, scheduler } = harness();
  const gate = deferred();
  scheduler.addSingleTask({ name: 'x', at: T0 + 10, action: () => gate.promise });
  scheduler.start();
  await clock.advance(10);
  let idle = false;
  void scheduler.onIdle().then(() => (idle = true));
  await clock.flush();
  assert.is(idle, false);
  gate.resolve();
  await clock.flush();
  assert.is(idle, true);
});

test('nextRunsBetween lists upcoming runs in a window, bounded by limit', () => {
  const { scheduler } = harness();
  scheduler.addIntervalTask({ name: 'n', interval: 60_000, action: () => {} });
  const runs = scheduler.nextRunsBetween('n', T0, T0 + 3_600_000, 5);
  assert.is(runs.length, 5);
  assert.equal(runs[1], new Date(T0 + 60_000));
});

test('tasks() reports name, next run, state and counters', async () => {
  const { clock, scheduler } = harness();
  scheduler.add(new IntervalTask({ name: 'info', interval: 1000, initialDelay: 1000, action: () => 'ok' }));
  assert.equal(scheduler.tasks()[0]?.nextRunAt, new Date(T0 + 1000), 'before start: counted from now');
  scheduler.start();
  await clock.advance(1000);
  const [info] = scheduler.tasks();
  assert.is(info?.name, 'info');
  assert.is(info?.state, 'scheduled');
  assert.is(info?.runs, 1);
  assert.is(info?.failures, 0);
  assert.is(info?.lastOutcome?.status, 'success');
  assert.equal(info?.nextRunAt, new Date(T0 + 2000));
});

test('unnamed tasks are task-<n>; an explicit task-<n> name never collides with a later unnamed task', () => {
  const { scheduler } = harness();
  const explicit = scheduler.addIntervalTask({ name: 'task-900000', interval: 1000, action: () => {} });
  const unnamed = scheduler.addIntervalTask({ interval: 1000, action: () => {} });
  assert.match(unnamed.name, /^task-\d+$/);
  assert.ok(Number(unnamed.name.slice(5)) > 900_000);
  assert.is(scheduler.getTask('task-900000'), explicit);
  assert.is(scheduler.getTask(unnamed.name), unnamed);
  assert.throws(() => scheduler.addIntervalTask({ name: unnamed.name, interval: 5, action: () => {} }), (e: unknown) => e instanceof DuplicateTaskError);
  assert.is(scheduler.getTask('task-0900000'), undefined, 'a non-canonical spelling is another name');
  assert.is(scheduler.cancel(unnamed.name), true);
  assert.is(scheduler.getTask(unnamed.name), undefined);
});

test.run();
