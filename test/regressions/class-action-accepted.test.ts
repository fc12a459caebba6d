// Issue 9.17: `action: class Job {}` was accepted and then failed every run ("Class
// constructor cannot be invoked without 'new'"). A class is rejected when the task is made.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { IntervalTask } from '../../lib/tasks/interval-task.js';
import { throwsNaming } from '../throws-naming.js';

test('a class is not an action, nor an around hook', () => {
  throwsNaming(() => new IntervalTask({ action: class Job {} as never, interval: 1000 }), TypeError, 'action', /`Job` \(class\)/);
  throwsNaming(() => new IntervalTask({ action: () => {}, interval: 1000, around: class Wrap {} as never }), TypeError, 'around', /class/);
});

test('functions of every kind stay accepted', () => {
  for (const action of [() => {}, async () => {}, function named() {}, function* gen() {}, Math.max, (() => {}).bind(null)]) {
    assert.is(new IntervalTask({ action, interval: 1000 }).action, action);
  }
});

test.run();
