/**
 * Option types of the proxies: Scheduler's own, narrowed to what can cross to the host
 * (a module-reference action, no `around` hook), so a misspelt option fails to compile.
 */
import type { CronTaskOptions } from '../tasks/cron-task.js';
import type { MonthdayTaskOptions, WeekdayTaskOptions } from '../tasks/day-tasks.js';
import type { IntervalTaskOptions } from '../tasks/interval-task.js';
import type { TaskOptions } from '../tasks/options.js';
import type { SingleTaskOptions } from '../tasks/single-task.js';
import type { ModuleReference } from '../types.js';

/** `O` as it crosses to the host: the action named by module, no function-valued hooks. */
export type Remote<O> = Omit<O, 'action' | 'around'> & { action: ModuleReference };

export type RemoteIntervalTaskOptions = Remote<IntervalTaskOptions>;
export type RemoteWeekdayTaskOptions = Remote<WeekdayTaskOptions>;
export type RemoteMonthdayTaskOptions = Remote<MonthdayTaskOptions>;
export type RemoteSingleTaskOptions = Remote<SingleTaskOptions>;
export type RemoteCronTaskOptions = Remote<CronTaskOptions>;

/**
 * A Task subclass for a proxy: its class named by module (`export` defaults to `default`)
 * and the options its constructor takes, built in the host.
 */
export interface TaskReference {
  class: ModuleReference;
  options: Remote<TaskOptions> & Record<string, unknown>;
}
