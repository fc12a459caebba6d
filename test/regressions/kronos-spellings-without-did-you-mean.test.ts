// Issue 10.3: docs/migrating-from-kronos.md promises "did you mean" hints for the Kronos
// spellings; `taskname` and near misses such as `intreval` got none.
import { test } from 'uvu';
import { IntervalTask } from '../../lib/tasks/interval-task.js';
import { WeekdayTask } from '../../lib/tasks/day-tasks.js';
import { throwsNaming } from '../throws-naming.js';

const action = () => {};

test('Kronos spellings get the camelCase option', () => {
  throwsNaming(() => new IntervalTask({ action, interval: 1000, taskname: 'x' } as never), TypeError, 'taskname', /did you mean `name`\?/);
  throwsNaming(() => new IntervalTask({ action, interval: 1000, initialdelay: 5 } as never), TypeError, 'initialdelay', /did you mean `initialDelay`\?/);
  throwsNaming(() => new IntervalTask({ action, interval: 1000, processmethod: 'sequential' } as never), TypeError, 'processmethod', /did you mean `processMethod`\?/);
  throwsNaming(() => new WeekdayTask({ action, weekdays: [1], timeonday: [9, 0] } as never), TypeError, 'timeonday', /did you mean `timeOnDay`\?/);
  throwsNaming(() => new WeekdayTask({ action, weekdays: [1], timeOnDay: [9, 0], time_zone: 'UTC' } as never), TypeError, 'time_zone', /did you mean `timeZone`\?/);
});

test('near misses by a small edit get a hint; far-off keys do not', () => {
  throwsNaming(() => new IntervalTask({ action, intreval: 1000 } as never), TypeError, 'intreval', /did you mean `interval`\?/);
  throwsNaming(() => new IntervalTask({ action, interval: 1000, maxInstance: 2 } as never), TypeError, 'maxInstance', /did you mean `maxInstances`\?/);
  throwsNaming(() => new IntervalTask({ action, interval: 1000, Priority: 2 } as never), TypeError, 'Priority', /did you mean `priority`\?/);
  throwsNaming(() => new IntervalTask({ action, interval: 1000, colour: 'red' } as never), TypeError, 'colour', /^(?!.*did you mean)/);
});

test.run();
