// Issue 9.17: `kw: new Date()` (or any class instance) was taken as keyword arguments; `kw`
// must be a plain object.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { IntervalTask } from '../../lib/tasks/interval-task.js';
import { throwsNaming } from '../throws-naming.js';

const action = () => {};

test('kw rejects a Date, a Map and class instances, naming kw', () => {
  class Options { a = 1; }
  throwsNaming(() => new IntervalTask({ action, interval: 1000, kw: new Date() as never }), TypeError, 'kw', /plain object.*\(Date\)/);
  throwsNaming(() => new IntervalTask({ action, interval: 1000, kw: new Map() as never }), TypeError, 'kw');
  throwsNaming(() => new IntervalTask({ action, interval: 1000, kw: new Options() as never }), TypeError, 'kw', /Options/);
  throwsNaming(() => new IntervalTask({ action, interval: 1000, kw: (() => 1) as never }), TypeError, 'kw');
});

test('plain objects, with or without a prototype, are accepted', () => {
  assert.equal(new IntervalTask({ action, interval: 1000, kw: { a: 1 } }).kw, { a: 1 });
  const bare = Object.assign(Object.create(null) as Record<string, unknown>, { b: 2 });
  assert.is(new IntervalTask({ action, interval: 1000, kw: bare }).kw, bare);
});

test.run();
