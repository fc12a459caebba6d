// Kronos defaulted to `threaded` and ran any callable there. In Node a closure cannot move
// to another thread: a function with threaded/forked must fail loudly at add time, saying
// what to do instead, never run somewhere unexpected.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { IntervalTask } from '../../lib/tasks/interval-task.js';
import { method } from '../../lib/tasks/method.js';

test('a function with method.threaded is a TypeError that names both fixes', () => {
  try {
    new IntervalTask({ name: 'f', interval: 1000, processMethod: method.threaded, action: () => {} });
    assert.unreachable();
  } catch (error) {
    assert.instance(error, TypeError);
    assert.match((error as Error).message, /module reference `\{ module, export \}`/);
    assert.match((error as Error).message, /method\.concurrent for I\/O-bound work/);
  }
});

test('a function with no processMethod defaults to concurrent (Node\'s form of Kronos threaded)', () => {
  assert.is(new IntervalTask({ interval: 1000, action: () => {} }).processMethod, 'concurrent');
});

test.run();
