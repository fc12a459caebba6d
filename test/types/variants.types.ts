// Compile-time tests of the public API, proxies included: checked by `tsc --noEmit` (the
// typecheck includes test/). Each `@ts-expect-error` must stay an error; nothing here runs.
import { ForkedScheduler, Scheduler, ThreadedScheduler } from '../../lib/index.js';
import type { TaskInfo } from '../../lib/index.js';

declare const threaded: ThreadedScheduler;
declare const forked: ForkedScheduler;
declare const scheduler: Scheduler;
const action = { module: './jobs/report.js', export: 'run' };

export async function proxies(): Promise<void> {
  for (const s of [threaded, forked]) {
    const info: TaskInfo = await s.addIntervalTask({ name: 'poll', interval: 10_000, action, processMethod: 'concurrent' });
    await s.addWeekdayTask({ weekdays: [1, 'fri'], timeOnDay: '09:30', timeZone: 'Europe/Berlin', action });
    await s.addMonthdayTask({ monthdays: [1, -1], timeOnDay: [6, 0], action });
    await s.addSingleTask({ at: new Date(), action });
    await s.addCronTask({ cron: '*/5 * * * *', action });
    await s.add({ class: { module: './tasks/backoff.js', export: 'BackoffTask' }, options: { action, base: 1000 } });
    await s.scheduleTask({ class: { module: './tasks/backoff.js' }, options: { action } }, 5000);
    await s.scheduleTaskAbs({ class: { module: './tasks/backoff.js' }, options: { action } }, Date.now() + 5000);
    const cancelled: boolean = await s.cancel(info);
    const found: TaskInfo | undefined = await s.getTask('poll');
    const list: TaskInfo[] = await s.tasks();
    const runs: Date[] = await s.nextRunsBetween('poll', new Date(), Date.now() + 3_600_000, 10);
    const at: Date = await s.runNow('poll', { delay: 100 });
    await s.pause();
    await s.resume('poll');
    await s.start();
    await s.stop({ timeout: 1000 });
    const off: () => void = s.on('success', ({ task, value }) => void [task.name, value]);
    s.on('restart', ({ attempt, delayMs, error }) => void [attempt, delayMs, error.exitCode]);
    void [cancelled, found, list, runs, at, off];

    // @ts-expect-error a misspelt option (Kronos users write `intreval`) does not compile
    await s.addIntervalTask({ intreval: 10, action });
    // @ts-expect-error `interval` is required
    await s.addIntervalTask({ action });
    // @ts-expect-error a function cannot cross to the host: actions are module references
    await s.addIntervalTask({ interval: 1000, action: () => 1 });
    // @ts-expect-error no `around` hook crosses to the host
    await s.addIntervalTask({ interval: 1000, action, around: (_run, next) => next() });
    // @ts-expect-error a Task subclass crosses as a module reference to its class, not an instance
    await s.add(new Object());
    // @ts-expect-error events are typed
    s.on('sucess', () => {});
    // @ts-expect-error every method returns a Promise
    const sync: TaskInfo[] = s.tasks();
    void sync;
  }
}

export function core(): void {
  const task = scheduler.addIntervalTask({ interval: 1000, action: () => 1 });
  scheduler.scheduleTask(task, 10);
  // @ts-expect-error a misspelt option does not compile on Scheduler either
  scheduler.addIntervalTask({ intreval: 10, action: () => 1 });
  // @ts-expect-error processMethod is a closed vocabulary
  scheduler.addIntervalTask({ interval: 1000, action: () => 1, processMethod: 'parallel' });
}
