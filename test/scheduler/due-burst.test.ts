/**
 * A burst of due runs: the run queue hands them out a batch at a time (queue.ts, the stage),
 * and what the runs do to tasks still waiting in that batch must count as if they were in
 * the heap.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { SingleTask } from '../../lib/tasks/single-task.js';
import { Task } from '../../lib/tasks/task.js';
import { STAGE_SIZE } from '../../lib/scheduler/queue.js';
import { harness, stopAll, T0 } from '../helpers.js';
import { mulberry32 } from '../time/oracle-cases.js';

const test = suite('a burst of due runs');
test.after.each(stopAll);

test('runs come in (due time, order added) over several batches, each once', async () => {
  const h = harness({ listen: false });
  const random = mulberry32(5);
  const ran: number[] = [];
  const dueOf: number[] = [];
  for (let i = 0; i < STAGE_SIZE * 5 + 3; i++) {
    const at = T0 + 1000 + Math.floor(random() * 4);
    dueOf.push(at);
    h.scheduler.add(new SingleTask({ at, action: () => void ran.push(i) }));
  }
  h.scheduler.start();
  await h.clock.advance(1010);
  const expected = dueOf.map((at, i) => ({ at, i })).sort((a, b) => a.at - b.at || a.i - b.i).map((e) => e.i);
  assert.equal(ran, expected);
  assert.is(h.scheduler.queueCapacity, 0);
});

test('a run cancels, moves and re-adds tasks of its own batch: they count as not yet taken', async () => {
  const h = harness({ listen: false });
  const ran: string[] = [];
  const at = T0 + 1000;
  const tasks = Array.from({ length: 20 }, (_, i) => new SingleTask({ name: `b${i}`, at, action: () => void ran.push(`b${i}`) }));
  const first = new SingleTask({
    name: 'first',
    at,
    action: () => {
      ran.push('first');
      h.scheduler.cancel('b3');
      h.scheduler.scheduleTaskAbs(tasks[4] as Task, at + 500);
      // Cancelled, then added again: placed by this drain, it waits for the next wake.
      h.scheduler.cancel('b5');
      h.scheduler.add(tasks[5] as Task);
    },
  });
  h.scheduler.add(first);
  for (const t of tasks) h.scheduler.add(t);
  h.scheduler.start();
  await h.clock.advance(1000);
  const rest = tasks.map((_, i) => `b${i}`).filter((n) => n !== 'b3' && n !== 'b4' && n !== 'b5');
  assert.equal(ran, ['first', ...rest]);
  assert.is(h.scheduler.tasks().find((t) => t.name === 'b4')?.nextRunAt?.getTime(), at + 500);
  await h.clock.advance(1);
  assert.equal(ran, ['first', ...rest, 'b5']);
  await h.clock.advance(499);
  assert.equal(ran, ['first', ...rest, 'b5', 'b4']);
});

test('stop() in the middle of a batch keeps the runs not started for the next start()', async () => {
  const h = harness({ listen: false });
  const ran: number[] = [];
  const at = T0 + 1000;
  for (let i = 0; i < 30; i++) {
    h.scheduler.add(new SingleTask({ at, action: () => {
      ran.push(i);
      if (i === 9) void h.scheduler.stop();
    } }));
  }
  h.scheduler.start();
  await h.clock.advance(1000);
  assert.equal(ran, Array.from({ length: 10 }, (_, i) => i));
  assert.is(h.scheduler.queueCapacity, 20);
  h.scheduler.start();
  await h.clock.advance(1);
  assert.equal(ran, Array.from({ length: 30 }, (_, i) => i));
});

test("a custom task's own `rule` getter is not called to prepare its runs", async () => {
  let reads = 0;
  class Custom extends Task {
    constructor(private readonly at: number, action: () => void) {
      super({ action });
    }
    get rule(): never {
      reads++;
      throw new Error('not a rule');
    }
    override nextRunAt(): number | null {
      return null;
    }
    override firstRunAt(): number {
      return this.at;
    }
  }
  const h = harness({ listen: false });
  let ran = 0;
  for (let i = 0; i < 100; i++) h.scheduler.add(new Custom(T0 + 1000, () => void ran++));
  h.scheduler.start();
  await h.clock.advance(1000);
  assert.is(ran, 100);
  assert.is(reads, 0);
  assert.is(h.record.logs.length, 0);
});

test.run();
