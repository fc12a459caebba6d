// Found in stop 20: a task cancelled from one scheduler while other tasks were placed after it
// kept a lazily removed heap entry there (its node marked with that heap's index). Added to a
// second scheduler (on the same clock), it was "revived" at that foreign index: add() threw a
// TypeError from inside the heap, or the task overwrote another task's slot.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { SingleTask } from '../../lib/tasks/single-task.js';
import { T0, harness, stopAll } from '../helpers.js';

const test = suite('task moved between schedulers');
test.after.each(stopAll);

const ran: string[] = [];
const action = (name: string) => () => void ran.push(name);

/** Two started schedulers on one clock, and nothing run yet. */
function twoSchedulers(): [ReturnType<typeof harness>, ReturnType<typeof harness>] {
  ran.length = 0;
  const a = harness();
  const b = harness({ clock: a.clock });
  a.scheduler.start();
  b.scheduler.start();
  return [a, b];
}

test('a task cancelled in one scheduler runs at its slot in another, and both keep their other tasks', async () => {
  const [a, b] = twoSchedulers();
  for (let i = 0; i < 5; i++) a.scheduler.addSingleTask({ name: `a${i}`, at: T0 + 20_000 + i, action: action(`a${i}`) });
  b.scheduler.addSingleTask({ name: 'b-first', at: T0 + 5_000, action: action('b-first') });
  const moved = new SingleTask({ name: 'moved', at: T0 + 10_000, action: action('moved') });
  a.scheduler.add(moved);
  a.scheduler.cancel(moved);
  b.scheduler.add(moved);
  b.scheduler.addSingleTask({ name: 'b-last', at: T0 + 15_000, action: action('b-last') });
  assert.equal(
    b.scheduler.tasks().map((t) => [t.name, t.nextRunAt?.getTime()]),
    [['b-first', T0 + 5_000], ['moved', T0 + 10_000], ['b-last', T0 + 15_000]],
  );
  await a.clock.advance(30_000);
  assert.equal(ran, ['b-first', 'moved', 'b-last', 'a0', 'a1', 'a2', 'a3', 'a4']);
  assert.equal(a.scheduler.tasks(), []);
  assert.equal(b.scheduler.tasks(), []);
});

test('moved back and forth many times, the task runs once, in the scheduler that holds it', async () => {
  const [a, b] = twoSchedulers();
  for (let i = 0; i < 3; i++) {
    a.scheduler.addSingleTask({ name: `a${i}`, at: T0 + 50_000 + i, action: action(`a${i}`) });
    b.scheduler.addSingleTask({ name: `b${i}`, at: T0 + 60_000 + i, action: action(`b${i}`) });
  }
  const moved = new SingleTask({ name: 'moved', at: T0 + 10_000, action: action('moved') });
  for (let i = 0; i < 20; i++) {
    const [from, to] = i % 2 === 0 ? [a, b] : [b, a];
    from.scheduler.add(moved);
    from.scheduler.cancel(moved);
    to.scheduler.add(moved);
    to.scheduler.cancel(moved);
  }
  b.scheduler.add(moved);
  await a.clock.advance(70_000);
  assert.equal(ran, ['moved', 'a0', 'a1', 'a2', 'b0', 'b1', 'b2']);
});

test.run();
