// Issue 10.8: a custom task's first run was 1 ms early (a BackoffTask-style subclass with
// `nextRunAt(after) = after + 1000` ran at 0.999 s): `firstRunAt(now)` asked the rule for
// nextRun(now - 1) so that a slot exactly at `now` would count, which shifts every rule that
// counts from its argument. A slot exactly at `now` still runs now; otherwise the first run
// is the rule's next run after `now`.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Task } from '../../lib/tasks/task.js';
import type { LastRun, ReschedulingScheduler } from '../../lib/tasks/task.js';
import type { TaskOptions } from '../../lib/tasks/options.js';
import { T0, harness, stopAll } from '../helpers.js';
import { recordOf } from '../../lib/scheduler/task-record.js';
import type { Task as AnyTask } from '../../lib/tasks/task.js';

/** What the scheduler knows about a task (its record), for reads the TaskInfo does not carry. */
const stateOf = (task: AnyTask | undefined) => (task === undefined ? undefined : recordOf(task) ?? undefined);

const test = suite('a custom task runs its first run on time');
test.after.each(stopAll);

/** docs/extending.md's BackoffTask, typed for strict mode. */
class BackoffTask extends Task {
  delay = 1000;
  constructor(options: TaskOptions) {
    super({ ...options, processMethod: 'sequential' });
  }
  override nextRunAt(after: number): number {
    return after + this.delay;
  }
  override reschedule(scheduler: ReschedulingScheduler, last: LastRun): void {
    this.delay = last.outcome?.status === 'error' ? Math.min(this.delay * 2, 60_000) : 1000;
    scheduler.scheduleTask(this, this.delay);
  }
}

/** A calendar-like rule: every whole second. */
class EverySecond extends Task {
  override nextRunAt(after: number): number {
    return (Math.floor(after / 1000) + 1) * 1000;
  }
}

for (const addedWhen of ['before start()', 'after start()'] as const) {
  test(`BackoffTask added ${addedWhen} first runs exactly 1000 ms later`, async () => {
    const h = harness();
    const ran: number[] = [];
    if (addedWhen === 'after start()') h.scheduler.start();
    const task = h.scheduler.add(new BackoffTask({ name: 'backoff', action: () => { ran.push(h.clock.now()); } }));
    if (addedWhen === 'before start()') h.scheduler.start();
    assert.equal(h.scheduler.tasks()[0]?.nextRunAt, new Date(T0 + 1000));
    await h.clock.advance(999);
    assert.equal(ran, []);
    await h.clock.advance(1);
    assert.equal(ran, [T0 + 1000]);
    await h.clock.advance(1000);
    assert.equal(ran, [T0 + 1000, T0 + 2000]);
    assert.is(stateOf(task)?.runs, 2);
  });
}

test('firstRunAt: a slot exactly at now runs now; otherwise the next slot after now', () => {
  const backoff = new BackoffTask({ name: 'b', action: () => {} });
  assert.is(backoff.firstRunAt(T0), T0 + 1000);
  const every = new EverySecond({ name: 'e', action: () => {} });
  assert.is(every.firstRunAt(T0), T0, 'T0 is a whole second');
  assert.is(every.firstRunAt(T0 + 1), T0 + 1000);
  assert.is(every.firstRunAt(T0 + 999), T0 + 1000);
});

test.run();
