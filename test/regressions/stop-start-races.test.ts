// Issue 9.8: a second concurrent stop() resolved at once while runs went on, and start()
// while a stop() was pending ended stopped.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { T0, deferred, harness, stopAll } from '../helpers.js';

const test = suite('stop()/start() races');
test.after.each(stopAll);

test('a second stop() during a pending one resolves with it, not before', async () => {
  const { clock, scheduler } = harness();
  const gate = deferred();
  scheduler.addSingleTask({ name: 'slow', at: T0, action: () => gate.promise });
  scheduler.start();
  await clock.flush();
  const order: string[] = [];
  const first = scheduler.stop({ timeout: 5000 }).then(() => order.push('first'));
  const second = scheduler.stop().then(() => order.push('second'));
  await clock.advance(1000);
  assert.equal(order, [], 'neither resolves while the run goes on');
  gate.resolve();
  await Promise.all([first, second]);
  assert.equal(order, ['first', 'second']);
});

test('start() while a stop() is pending waits for it and ends running', async () => {
  const { clock, scheduler, record } = harness();
  const gate = deferred();
  const at: number[] = [];
  scheduler.addIntervalTask({ name: 'tick', interval: 1000, action: () => at.push(clock.now() - T0) });
  scheduler.addSingleTask({ name: 'slow', at: T0, action: () => gate.promise });
  scheduler.start();
  await clock.flush();
  const stopping = scheduler.stop({ timeout: 5000 });
  scheduler.start();
  assert.is(scheduler.isRunning, false, 'still stopping');
  await clock.advance(500);
  gate.resolve();
  await stopping;
  assert.is(record.of('stop').length, 1);
  assert.is(scheduler.isRunning, true, 'the later start() wins');
  await clock.advance(2500);
  assert.equal(at, [0, 1000, 2000, 3000]);
});

test.run();
