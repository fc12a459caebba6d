// The files of the empty app that scripts/pack-check.mjs installs the tarball into.
import { join } from 'node:path';

/** The public names DESIGN §3 promises from each entry point. */
const MAIN = [
  'Scheduler', 'IntervalTask', 'WeekdayTask', 'MonthdayTask', 'SingleTask', 'CronTask', 'Task',
  'ThreadedScheduler', 'ForkedScheduler', 'addIntervalTask', 'addWeekdayTask', 'addMonthdayTask',
  'addSingleTask', 'addCronTask', 'cancel', 'startScheduler', 'stopScheduler', 'getScheduler',
  'callOnStartup', 'callOnShutdown', 'currentRun', 'method', 'SchedulerError', 'StartupError',
];
const TESTING = ['ManualClock'];

const checkNames = `
function checkNames(main, testing) {
  const missing = [
    ...${JSON.stringify(MAIN)}.filter((n) => main[n] === undefined),
    ...${JSON.stringify(TESTING)}.filter((n) => testing[n] === undefined).map((n) => 'testing.' + n),
  ];
  if (missing.length > 0) throw new Error('missing exports: ' + missing.join(', '));
}`;

export function appFiles(root) {
  return {
    'job.mjs': `export function double(n) { return n * 2; }\n`,
    'esm.mjs': `import * as main from 'kronos-scheduler';
import * as testing from 'kronos-scheduler/testing';
${checkNames}
checkNames(main, testing);

// A task on a ManualClock, stepped to its slot.
const clock = new testing.ManualClock(Date.UTC(2027, 0, 4, 12));
const fake = new main.Scheduler({ clock });
const seen = [];
fake.addIntervalTask({ name: 'tick', interval: 1000, initialDelay: 1000, action: () => seen.push(clock.now()) });
fake.start();
await clock.advance(2000);
if (seen.length !== 2) throw new Error('ManualClock runs: ' + seen.length);
await fake.stop();

// Threaded and forked jobs load dist/execution/worker-entry.js from the installed package.
const real = new main.Scheduler({ maxWorkers: 1 });
const results = {};
const done = new Promise((resolve, reject) => {
  real.on('success', ({ task, value }) => { results[task.name] = value; if (Object.keys(results).length === 2) resolve(); });
  real.on('error', ({ task, error }) => reject(new Error((task && task.name) + ': ' + error)));
});
for (const mode of ['threaded', 'forked']) {
  real.addSingleTask({ name: mode, at: Date.now(), processMethod: mode, action: { module: './job.mjs', export: 'double' }, args: [21] });
}
real.start();
await done;
await real.stop();
if (results.threaded !== 42 || results.forked !== 42) throw new Error('job results: ' + JSON.stringify(results));
console.log('esm ok: ' + Object.keys(main).length + ' exports, threaded and forked jobs ran');
`,
    'cjs.cjs': `const main = require('kronos-scheduler');
const testing = require('kronos-scheduler/testing');
${checkNames}
checkNames(main, testing);
const scheduler = new main.Scheduler({ clock: new testing.ManualClock(0) });
scheduler.addIntervalTask({ name: 'cjs', interval: 1000, action: () => {} });
if (scheduler.tasks().length !== 1) throw new Error('task not listed');
console.log('cjs ok: ' + Object.keys(main).length + ' exports');
`,
    'types-check.ts': `import { Scheduler, StartupError, type TaskInfo } from 'kronos-scheduler';
import { ManualClock } from 'kronos-scheduler/testing';

const scheduler = new Scheduler({ clock: new ManualClock(0) });
const infos: TaskInfo[] = scheduler.tasks();
const failed: readonly { hook: string }[] = new StartupError([]).failures;
export { infos, failed };
`,
    'tsconfig.json': JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        noUncheckedIndexedAccess: true,
        verbatimModuleSyntax: true,
        noEmit: true,
        skipLibCheck: true,
        types: ['node'],
        typeRoots: [join(root, 'node_modules', '@types')],
      },
      include: ['*.ts'],
    }, null, 2),
  };
}
