/**
 * `npm start`: a short tour. An interval task, a weekday and a monthday task, a task that
 * always fails (and stops nothing), the next runs of each, then a clean stop after ~6 s.
 */
import {
  addIntervalTask,
  addMonthdayTask,
  addSingleTask,
  addWeekdayTask,
  callOnShutdown,
  callOnStartup,
  currentRun,
  getScheduler,
  startScheduler,
  stopScheduler,
} from '../lib/index.js';

const started = Date.now();
const t = () => `+${((Date.now() - started) / 1000).toFixed(1)}s`;

// TurboGears' jobs.py pattern: one schedule() function, run by a start-up hook.
function schedule(): void {
  addIntervalTask({
    name: 'heartbeat',
    interval: { seconds: 1 },
    action: () => console.log(`${t()} heartbeat (scheduled for ${currentRun()?.scheduledAt.toISOString()})`),
  });
  addIntervalTask({
    name: 'flaky-import',
    interval: 1500,
    initialDelay: 700,
    action: async () => {
      throw new Error('upstream feed is down');
    },
  });
  addSingleTask({ name: 'one-shot', at: new Date(Date.now() + 3000), action: () => console.log(`${t()} one-shot ran once`) });
  addWeekdayTask({
    name: 'product-ranking',
    weekdays: ['mon', 'wed', 'fri'],
    timeOnDay: '14:30',
    action: () => console.log('ranking'),
  });
  addMonthdayTask({
    name: 'month-end-report',
    monthdays: [-1],
    timeOnDay: [23, 0],
    timeZone: 'Europe/Berlin',
    action: () => console.log('report'),
  });
}

const scheduler = getScheduler();
scheduler.on('error', ({ task, error }) => console.log(`${t()} ${task?.name} failed: ${(error as Error).message} (the others carry on)`));
callOnStartup(schedule);
callOnShutdown(() => console.log(`${t()} shut-down hook ran`));

await startScheduler();
console.log('\nNext runs:');
for (const name of ['heartbeat', 'product-ranking', 'month-end-report']) {
  const upcoming = scheduler.nextRunsBetween(name, Date.now(), Date.now() + 400 * 86_400_000, 3);
  console.log(`  ${name.padEnd(18)} ${upcoming.map((d) => d.toISOString()).join('  ')}`);
}
console.log('');

setTimeout(async () => {
  await stopScheduler();
  const summary = scheduler.tasks().map((info) => `${info.name}: ${info.runs} runs, ${info.failures} failures`);
  console.log(`\n${summary.join('\n')}`);
}, 6000);
