// Issue 9.20: a custom nextRun that returns its own argument must be a RescheduleError, not
// a synchronous loop (the contract is "strictly after"; `next < after` would accept it).
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { RescheduleError } from '../../lib/errors.js';
import { Task, nextRunOf } from '../../lib/tasks/task.js';
import { T0, harness, stopAll } from '../helpers.js';

const test = suite('nextRun(after) === after');
test.after.each(stopAll);

class Stuck extends Task {
  constructor(private readonly asNumber = false) {
    super({ name: 'stuck', action: () => {} });
  }
  override nextRun(after: Date): Date | null {
    return this.asNumber ? (after.getTime() as unknown as Date) : new Date(after.getTime());
  }
  override firstRunAt(now: number): number {
    return now + 1000;
  }
}

class StuckAt extends Task {
  constructor() {
    super({ name: 'stuck-at', action: () => {} });
  }
  override nextRunAt(after: number): number {
    return after;
  }
}

test('nextRunOf rejects a result equal to its argument, from nextRun and nextRunAt', () => {
  for (const task of [new Stuck(), new Stuck(true), new StuckAt()]) {
    assert.throws(() => nextRunOf(task, T0), (error: unknown) => error instanceof RescheduleError && /not after it/.test((error as Error).message));
  }
  assert.throws(() => new Stuck().nextRuns(1, T0), (error: unknown) => error instanceof RescheduleError);
});

test('in a scheduler: one error, the task is failed, and the run happened once', async () => {
  const h = harness();
  let runs = 0;
  const task = new (class extends Stuck {
    override execute(): Promise<unknown> {
      runs++;
      return Promise.resolve();
    }
  })();
  h.scheduler.add(task);
  // Were the result accepted, the task would loop at one instant: cut it short so that such
  // a build fails this test instead of hanging the suite.
  let placed = 0;
  h.scheduler.on('scheduled', () => {
    if (++placed > 5) h.scheduler.cancel(task);
  });
  h.scheduler.start();
  await h.clock.advance(1000);
  await h.clock.advance(5000);
  assert.is(runs, 1);
  assert.is(placed, 0, 'no slot placed after the first');
  const errors = h.record.of('error') as Array<{ error: unknown; task?: { name: string } }>;
  assert.is(errors.length, 1);
  assert.instance(errors[0]?.error, RescheduleError);
  assert.equal(h.scheduler.tasks().map((t) => [t.name, t.state, t.nextRunAt]), [['stuck', 'failed', null]]);
});

test.run();
