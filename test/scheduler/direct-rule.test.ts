// Settling asks a built-in task's rule directly; any override of how the next slot is found
// (nextRun, nextRunAt, ruleNext, reschedule, on the class or on the instance) must still win.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { IntervalTask } from '../../lib/tasks/interval-task.js';
import { WeekdayTask } from '../../lib/tasks/day-tasks.js';
import type { LastRun, ReschedulingScheduler } from '../../lib/tasks/task.js';
import { harness, stopAll, T0 } from '../helpers.js';

const test = suite('direct rule vs overrides');
test.after.each(stopAll);

async function slotsOf(task: IntervalTask | WeekdayTask, ms: number): Promise<number[]> {
  const { scheduler, clock, record } = harness();
  scheduler.add(task);
  scheduler.start();
  await clock.advance(ms);
  return (record.of('start') as Array<{ run: { scheduledAt: Date } }>).map((s) => s.run.scheduledAt.getTime() - T0);
}

const action = () => {};

test('a plain IntervalTask follows its interval', async () => {
  assert.equal(await slotsOf(new IntervalTask({ interval: 1000, action }), 3000), [0, 1000, 2000, 3000]);
});

test('a subclass overriding nextRun is asked', async () => {
  class Every2 extends IntervalTask {
    override nextRun(after: Date): Date | null {
      return new Date(after.getTime() + 2000);
    }
  }
  assert.equal(await slotsOf(new Every2({ interval: 1000, action }), 4000), [0, 2000, 4000]);
});

test('a subclass overriding nextRunAt is asked', async () => {
  class Every3 extends IntervalTask {
    override nextRunAt(after: number): number | null {
      return after + 3000;
    }
  }
  assert.equal(await slotsOf(new Every3({ interval: 1000, action }), 6000), [0, 3000, 6000]);
});

test('a subclass overriding ruleNext is asked', async () => {
  class Every4 extends IntervalTask {
    protected override ruleNext(after: number): number | null {
      return after + 4000;
    }
  }
  assert.equal(await slotsOf(new Every4({ interval: 1000, action }), 8000), [0, 4000, 8000]);
});

test('reschedule overridden on the class or assigned on the instance is called', async () => {
  class Every5 extends IntervalTask {
    override reschedule(scheduler: ReschedulingScheduler, last: LastRun): void {
      scheduler.scheduleTaskAbs(this, last.scheduledAt.getTime() + 5000);
    }
  }
  assert.equal(await slotsOf(new Every5({ interval: 1000, action }), 10_000), [0, 5000, 10_000]);
  const task = new IntervalTask({ interval: 1000, action });
  task.reschedule = (scheduler, last) => scheduler.scheduleTaskAbs(task, last.scheduledAt.getTime() + 2500);
  assert.equal(await slotsOf(task, 5000), [0, 2500, 5000]);
});

test('a WeekdayTask subclass that overrides nothing follows its rule (daily at noon UTC)', async () => {
  class Daily extends WeekdayTask {}
  const task = new Daily({ weekdays: [1, 2, 3, 4, 5, 6, 7], timeOnDay: '12:00', timeZone: 'UTC', action });
  assert.equal(await slotsOf(task, 2 * 86_400_000), [0, 86_400_000, 2 * 86_400_000]);
});

test.run();
