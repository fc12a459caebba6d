// Issue 9.17: unknown `activeWindow` keys were ignored and an empty window
// (`{ from: 86400, to: 0 }`) was accepted, so the task silently never ran.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { IntervalTask } from '../../lib/tasks/interval-task.js';
import { throwsNaming } from '../throws-naming.js';

const action = () => {};

test('an unknown key in activeWindow names it', () => {
  throwsNaming(() => new IntervalTask({ action, interval: 1000, activeWindow: { from: '09:00', to: '17:00', until: '18:00' } as never }), TypeError, 'activeWindow.until');
  throwsNaming(() => new IntervalTask({ action, interval: 1000, activeWindow: { start: '09:00', end: '17:00' } as never }), TypeError, 'activeWindow.start');
});

test('a window that opens at 24:00 (empty, or the same as one opening at 00:00) is refused', () => {
  throwsNaming(() => new IntervalTask({ action, interval: 1000, activeWindow: { from: 86_400, to: 0 } }), RangeError, 'activeWindow.from', /86400/);
  throwsNaming(() => new IntervalTask({ action, interval: 1000, activeWindow: { from: 86_400, to: 3600 } }), RangeError, 'activeWindow.from');
  throwsNaming(() => new IntervalTask({ action, interval: 1000, activeWindow: [0, 10] as never }), TypeError, 'activeWindow');
});

test('windows that allow some time are accepted, including one ending at 24:00', () => {
  const whole = new IntervalTask({ action, interval: 1000, activeWindow: { from: 0, to: 86_400 } });
  assert.equal(whole.limitedRule?.limits.activeWindow, { from: 0, to: 86_400 });
  const night = new IntervalTask({ action, interval: 1000, activeWindow: { from: 86_399, to: 0 } });
  assert.equal(night.limitedRule?.limits.activeWindow, { from: 86_399, to: 0 });
});

test.run();
