// Issue 10.8: a `nextRun` that throws was reported as the plain error it threw, though
// docs/extending.md promises a RescheduleError. It is now a RescheduleError naming the task,
// with the original error as `cause`, wherever the rule is asked (scheduling or listings).
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { RescheduleError } from '../../lib/errors.js';
import { Task, nextRunOf } from '../../lib/tasks/task.js';
import type { LastRun, ReschedulingScheduler } from '../../lib/tasks/task.js';
import { T0, harness, stopAll } from '../helpers.js';

const test = suite('a throwing nextRun is a RescheduleError');
test.after.each(stopAll);

const original = new Error('no rule for that');

class Broken extends Task {
  constructor(name = 'broken') {
    super({ name, action: () => {} });
  }
  override nextRun(): Date | null {
    throw original;
  }
  override firstRunAt(now: number): number {
    return now + 1000;
  }
}

class BrokenAt extends Task {
  constructor() {
    super({ name: 'broken-at', action: () => {} });
  }
  override nextRunAt(): number | null {
    throw original;
  }
}

class BrokenHook extends Task {
  constructor() {
    super({ name: 'broken-hook', action: () => {} });
  }
  override nextRunAt(after: number): number {
    return after + 1000;
  }
  override reschedule(_scheduler: ReschedulingScheduler, _last: LastRun): void {
    throw original;
  }
}

function wraps(name: string): (error: unknown) => boolean {
  return (error) => error instanceof RescheduleError && error.taskName === name && error.cause === original && error.message.includes(original.message);
}

test('asked directly (nextRunOf, nextRuns): RescheduleError with the original as cause', () => {
  assert.throws(() => nextRunOf(new Broken(), T0), wraps('broken'));
  assert.throws(() => new BrokenAt().nextRuns(3, T0), wraps('broken-at'));
});

test('while scheduling: one error event with a RescheduleError, the task is failed', async () => {
  const h = harness();
  h.scheduler.add(new Broken());
  h.scheduler.add(new BrokenHook());
  h.scheduler.start();
  await h.clock.advance(1000);
  const errors = h.record.of('error') as Array<{ error: unknown; task?: { name: string } }>;
  assert.equal(errors.map((e) => e.task?.name).sort(), ['broken', 'broken-hook']);
  assert.ok(wraps('broken')(errors.find((e) => e.task?.name === 'broken')?.error));
  // A throwing `reschedule` hook is the user's own code, not the rule: reported as thrown.
  assert.is(errors.find((e) => e.task?.name === 'broken-hook')?.error, original);
  assert.equal(h.scheduler.tasks().map((t) => [t.name, t.state]), [['broken', 'failed'], ['broken-hook', 'failed']]);
});

test('a RescheduleError thrown by the rule itself is not wrapped twice', () => {
  const own = new RescheduleError('own', 'told so');
  const task = new (class extends Broken {
    override nextRun(): Date | null {
      throw own;
    }
  })('own');
  assert.throws(() => nextRunOf(task, T0), (error: unknown) => error === own);
});

test.run();
