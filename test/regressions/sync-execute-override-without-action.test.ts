// Issue 10.7: a synchronous `execute()` override in a Task subclass failed the types, and
// `action` was required (and checked at run time) even when `execute()` is overridden. This
// file is type-checked by `tsc -p tsconfig.json` (strict): it compiling is half the test.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Task } from '../../lib/tasks/task.js';
import type { CustomTaskOptions } from '../../lib/tasks/task.js';
import { harness, stopAll, watchProcessErrors } from '../helpers.js';
import { recordOf } from '../../lib/scheduler/task-record.js';
import type { Task as AnyTask } from '../../lib/tasks/task.js';

/** What the scheduler knows about a task (its record), for reads the TaskInfo does not carry. */
const stateOf = (task: AnyTask | undefined) => (task === undefined ? undefined : recordOf(task) ?? undefined);

const test = suite('execute() overrides');
test.after.each(stopAll);

class Tick extends Task {
  ticks = 0;
  constructor(options: CustomTaskOptions = {}) {
    super({ name: 'tick', ...options });
  }
  override nextRunAt(after: number): number {
    return after + 1000;
  }
  override execute(): void {
    this.ticks++;
    if (this.ticks === 2) throw new Error('second tick');
  }
}

for (const processMethod of ['sequential', 'concurrent'] as const) {
  test(`a synchronous execute() with no action runs (${processMethod}); its throw fails that run only`, async () => {
    const watch = watchProcessErrors();
    const h = harness();
    const task = h.scheduler.add(new Tick({ processMethod }));
    h.scheduler.start();
    await h.clock.advance(3000);
    watch.dispose();
    assert.equal(watch.errors, []);
    assert.is(task.ticks, 3);
    assert.is(stateOf(task)?.runs, 3);
    assert.is(stateOf(task)?.failures, 1);
    assert.equal((h.record.of('error') as Array<{ error: Error }>).map((e) => e.error.message), ['second tick']);
    assert.is(h.record.of('success').length, 2);
  });
}

test('with no action the default mode is concurrent (in this thread)', () => {
  assert.is(new Tick().processMethod, 'concurrent');
});

test('no action and no execute() override is still a TypeError naming `action`', () => {
  class Bare extends Task {
    override nextRunAt(after: number): number {
      return after + 1;
    }
  }
  assert.throws(() => new Bare({}), (error: unknown) => error instanceof TypeError && /Expected `action` to be a function or a module reference/.test(error.message));
});

test('no action with an off-thread mode is a TypeError naming `action`', () => {
  for (const processMethod of ['threaded', 'forked'] as const) {
    assert.throws(() => new Tick({ processMethod }), (error: unknown) => error instanceof TypeError && /`action`/.test(error.message) && error.message.includes(processMethod));
  }
});

test.run();
