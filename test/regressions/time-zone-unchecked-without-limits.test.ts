// Issue 9.17: `timeZone` was only read when a task had limits, so interval and single tasks
// accepted Symbol(), {}, 'Mars/Base' and false.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { IntervalTask } from '../../lib/tasks/interval-task.js';
import { SingleTask } from '../../lib/tasks/single-task.js';
import { throwsNaming } from '../throws-naming.js';

const action = () => {};

test('interval and single tasks reject a bad timeZone with no other limit', () => {
  for (const timeZone of [Symbol('z'), {}, false, 5]) {
    throwsNaming(() => new IntervalTask({ action, interval: 1000, timeZone: timeZone as never }), TypeError, 'timeZone');
    throwsNaming(() => new SingleTask({ action, at: 1, timeZone: timeZone as never }), TypeError, 'timeZone');
  }
  throwsNaming(() => new IntervalTask({ action, interval: 1000, timeZone: 'Mars/Base' }), RangeError, 'timeZone', /"Mars\/Base"/);
  throwsNaming(() => new SingleTask({ action, at: 1, timeZone: 'Mars/Base' }), RangeError, 'timeZone');
});

test('a good timeZone alone is still accepted', () => {
  assert.is(new IntervalTask({ action, interval: 1000, timeZone: 'Europe/Berlin' }).interval, 1000);
  assert.is(new SingleTask({ action, at: 1, timeZone: '+05:30' }).at, 1);
});

test.run();
