// Issue 14 (W2 retained 8.11 B per cancel): cancelled tasks stay in the heap, marked removed,
// until a compaction, and each keeps its task alive meanwhile. Compaction waited until removed
// nodes outnumbered live ones, so under churn the heap held up to one dead task per live task
// and the heap measured after a churn swung by that much. Now a quarter of the nodes held
// triggers it: at most a third of the live count (or 1024) of dead tasks are held.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { harness, stopAll } from '../helpers.js';
import { mulberry32 } from '../time/oracle-cases.js';

test.after.each(stopAll);

test('churn at 10k live tasks holds at most a third as many removed ones', () => {
  const { scheduler } = harness();
  scheduler.start();
  const live = 10_000;
  const names: Array<string | undefined> = [];
  let id = 0;
  const add = () => {
    const name = `c${id++}`;
    scheduler.addIntervalTask({ name, interval: 60_000, initialDelay: 5_000 + (id % 55_000), action: () => {} });
    return name;
  };
  for (let i = 0; i < live; i++) names.push(add());
  // W2's churn: a random slot is cancelled when it holds a task, else filled (seed 42).
  const random = mulberry32(42);
  let count = live;
  let worst = 0;
  for (let k = 0; k < 100_000; k++) {
    const i = Math.floor(random() * live);
    if (names[i] === undefined) {
      names[i] = add();
      count++;
    } else {
      scheduler.cancel(names[i] as string);
      names[i] = undefined;
      count--;
    }
    const bound = Math.max(count + 1025, Math.ceil((count * 4) / 3) + 1);
    worst = Math.max(worst, scheduler.queueCapacity - bound);
  }
  assert.ok(worst <= 0, `held up to ${worst} heap nodes past the bound`);
});

test.run();
