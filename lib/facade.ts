/**
 * The module-level facade, like `turbogears.scheduler`: a lazily created default scheduler,
 * `add*Task` helpers for app start-up code, and start-up/shut-down hooks.
 */
import { invalidType } from './errors.js';
import { Scheduler } from './scheduler/scheduler.js';
import type { SchedulerOptions } from './scheduler/scheduler.js';
import type { IntervalTask, IntervalTaskOptions } from './tasks/interval-task.js';
import type { MonthdayTask, MonthdayTaskOptions, WeekdayTask, WeekdayTaskOptions } from './tasks/day-tasks.js';
import type { SingleTask, SingleTaskOptions } from './tasks/single-task.js';
import type { CronTask, CronTaskOptions } from './tasks/cron-task.js';
import type { Task } from './tasks/task.js';
import { unrefHandle } from './scheduler/clock.js';

type Hook = () => unknown;

/** How long tasks may sit in a never-started default scheduler before we warn. */
export const NOT_STARTED_WARNING_MS = 5000;

let scheduler: Scheduler | undefined;
let started = false;
let startupDone = false;
let warnHandle: unknown;
const startupHooks: Hook[] = [];
const shutdownHooks: Hook[] = [];

/**
 * The default scheduler, created on first use. Options apply only when it is created
 * (pass them before anything else touches the facade).
 */
export function getScheduler(options?: SchedulerOptions): Scheduler {
  if (!scheduler) {
    scheduler = new Scheduler(options);
  }
  return scheduler;
}

function added<T extends Task>(task: T): T {
  const current = getScheduler();
  // TurboGears silently ran nothing when tg.scheduler was off: say so instead.
  if (!started && warnHandle === undefined) {
    warnHandle = current.clock.setTimeout(() => {
      warnHandle = undefined;
      if (!started && current.tasks().length > 0) {
        current.logger.warn(
          `${current.tasks().length} task(s) were added but the scheduler was never started; call startScheduler()`,
        );
      }
    }, NOT_STARTED_WARNING_MS);
    unrefHandle(warnHandle);
  }
  return task;
}

export function addIntervalTask(options: IntervalTaskOptions): IntervalTask {
  return added(getScheduler().addIntervalTask(options));
}

export function addWeekdayTask(options: WeekdayTaskOptions): WeekdayTask {
  return added(getScheduler().addWeekdayTask(options));
}

export function addMonthdayTask(options: MonthdayTaskOptions): MonthdayTask {
  return added(getScheduler().addMonthdayTask(options));
}

export function addSingleTask(options: SingleTaskOptions): SingleTask {
  return added(getScheduler().addSingleTask(options));
}

export function addCronTask(options: CronTaskOptions): CronTask {
  return added(getScheduler().addCronTask(options));
}

/** Cancels a task of the default scheduler (by object or name). */
export function cancel(taskOrName: Task | string): boolean {
  return scheduler ? scheduler.cancel(taskOrName) : false;
}

/** Registers a hook run once by `startScheduler()`, before the scheduler starts (e.g. a `schedule()` function). */
export function callOnStartup(hook: Hook): void {
  if (typeof hook !== 'function') throw invalidType('hook', 'a function', hook);
  startupHooks.push(hook);
}

/** Registers a hook run by `stopScheduler()`, after the scheduler stopped. */
export function callOnShutdown(hook: Hook): void {
  if (typeof hook !== 'function') throw invalidType('hook', 'a function', hook);
  shutdownHooks.push(hook);
}

/** Runs hooks in order, awaiting each; one that throws is reported and the rest still run. */
async function runHooks(hooks: Hook[], kind: string): Promise<void> {
  const current = getScheduler();
  for (const hook of hooks) {
    try {
      await hook();
    } catch (error) {
      current.report(new Error(`A ${kind} hook (${hook.name || 'anonymous'}) failed`, { cause: error }));
    }
  }
}

/** Runs the start-up hooks (once per process), then starts the default scheduler. */
export async function startScheduler(): Promise<Scheduler> {
  const current = getScheduler();
  if (!startupDone) {
    startupDone = true;
    await runHooks(startupHooks, 'start-up');
  }
  started = true;
  if (warnHandle !== undefined) {
    current.clock.clearTimeout(warnHandle);
    warnHandle = undefined;
  }
  return current.start();
}

/** Stops the default scheduler first, then runs the shut-down hooks. */
export async function stopScheduler(options?: { timeout?: number }): Promise<void> {
  if (scheduler) await scheduler.stop(options);
  started = false;
  await runHooks(shutdownHooks, 'shut-down');
}

/** @internal forgets the default scheduler and every hook (test isolation). */
export async function resetFacade(): Promise<void> {
  if (scheduler) await scheduler.stop({ timeout: 0 });
  if (warnHandle !== undefined && scheduler) scheduler.clock.clearTimeout(warnHandle);
  scheduler = undefined;
  warnHandle = undefined;
  started = false;
  startupDone = false;
  startupHooks.length = 0;
  shutdownHooks.length = 0;
}
