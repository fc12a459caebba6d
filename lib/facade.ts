/**
 * The module-level facade, like `turbogears.scheduler`: a lazily created default scheduler,
 * `add*Task` helpers for app start-up code, and start-up/shut-down hooks.
 */
import { invalidType, StartupError } from './errors.js';
import type { FailedHook } from './errors.js';
import { Scheduler } from './scheduler/scheduler.js';
import type { SchedulerOptions } from './scheduler/scheduler.js';
import type { IntervalTask, IntervalTaskOptions } from './tasks/interval-task.js';
import type { MonthdayTask, MonthdayTaskOptions, WeekdayTask, WeekdayTaskOptions } from './tasks/day-tasks.js';
import type { SingleTask, SingleTaskOptions } from './tasks/single-task.js';
import type { CronTask, CronTaskOptions } from './tasks/cron-task.js';
import type { Task } from './tasks/task.js';
import { unrefHandle } from './internal/clock.js';

type Hook = () => unknown;

/** How long tasks may sit in a never-started default scheduler before we warn. */
export const NOT_STARTED_WARNING_MS = 5000;

let scheduler: Scheduler | undefined;
/** The warning says "never started": a scheduler stopped after running does not get it. */
let everStarted = false;
/** `running` while startScheduler() works through the hooks; a hook added then joins that pass. */
let startup: 'pending' | 'running' | 'done' = 'pending';
let warnHandle: unknown;
let exitWarning: (() => void) | undefined;
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
  // TurboGears silently ran nothing when tg.scheduler was off: say so instead, after a few
  // seconds, or as the process is about to exit (the timer is unref'd, so a plain script
  // that forgot startScheduler() would otherwise end before it fires).
  if (!everStarted && warnHandle === undefined) {
    warnHandle = current.clock.setTimeout(() => {
      warnHandle = undefined;
      warnNeverStarted(current);
    }, NOT_STARTED_WARNING_MS);
    unrefHandle(warnHandle);
  }
  if (!everStarted && exitWarning === undefined) {
    exitWarning = () => {
      forgetWarnings();
      warnNeverStarted(current);
    };
    process.once('beforeExit', exitWarning);
  }
  return task;
}

function warnNeverStarted(current: Scheduler): void {
  if (everStarted || current.isRunning || current !== scheduler || current.tasks().length === 0) return;
  forgetWarnings();
  current.logger.warn(`${current.tasks().length} task(s) were added but the scheduler was never started; call startScheduler()`);
}

/** One warning is enough: drop both triggers once it was given or the scheduler started. */
function forgetWarnings(): void {
  if (warnHandle !== undefined && scheduler) scheduler.clock.clearTimeout(warnHandle);
  warnHandle = undefined;
  if (exitWarning) process.removeListener('beforeExit', exitWarning);
  exitWarning = undefined;
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

/**
 * Registers a hook run once by `startScheduler()`, before the scheduler starts (e.g. a
 * `schedule()` function). After start-up it runs the hook at once and returns a promise
 * that rejects with a {@link StartupError} if the hook fails, so a late hook is never
 * silently kept and never run.
 */
export function callOnStartup(hook: Hook): Promise<void> | undefined {
  if (typeof hook !== 'function') throw invalidType('hook', 'a function', hook);
  const index = startupHooks.push(hook) - 1;
  if (startup !== 'done') return undefined;
  return runStartupHook(hook, index).then((failure) => {
    if (failure) throw new StartupError([failure]);
  });
}

/** Registers a hook run by `stopScheduler()`, after the scheduler stopped. */
export function callOnShutdown(hook: Hook): void {
  if (typeof hook !== 'function') throw invalidType('hook', 'a function', hook);
  shutdownHooks.push(hook);
}

/** Runs one start-up hook (synchronously up to its first await); a failure is reported and returned. */
async function runStartupHook(hook: Hook, index: number): Promise<FailedHook | undefined> {
  try {
    await hook();
    return undefined;
  } catch (error) {
    const name = hook.name || 'anonymous';
    getScheduler().report(new Error(`A start-up hook (${name}) failed`, { cause: error }));
    return { hook: name, index, error };
  }
}

/**
 * Runs the start-up hooks (once per process, awaited, in order, all of them even when one
 * fails), then starts the default scheduler with whatever they added. Rejects with a
 * {@link StartupError} listing the failed hooks, after starting.
 */
export async function startScheduler(): Promise<Scheduler> {
  const current = getScheduler();
  const failures: FailedHook[] = [];
  if (startup === 'pending') {
    startup = 'running';
    // By index, not a snapshot: a hook may register another hook, which joins this pass.
    for (let index = 0; index < startupHooks.length; index++) {
      const failure = await runStartupHook(startupHooks[index]!, index);
      if (failure) failures.push(failure);
    }
    startup = 'done';
  }
  everStarted = true;
  forgetWarnings();
  current.start();
  if (failures.length > 0) throw new StartupError(failures);
  return current;
}

/** Stops the default scheduler first, then runs the shut-down hooks. */
export async function stopScheduler(options?: { timeout?: number }): Promise<void> {
  if (scheduler) await scheduler.stop(options);
  for (const hook of shutdownHooks) {
    try {
      await hook();
    } catch (error) {
      getScheduler().report(new Error(`A shut-down hook (${hook.name || 'anonymous'}) failed`, { cause: error }));
    }
  }
}

/** @internal forgets the default scheduler and every hook (test isolation). */
export async function resetFacade(): Promise<void> {
  forgetWarnings();
  if (scheduler) await scheduler.stop({ timeout: 0 });
  scheduler = undefined;
  everStarted = false;
  startup = 'pending';
  startupHooks.length = 0;
  shutdownHooks.length = 0;
}
