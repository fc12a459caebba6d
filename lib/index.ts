export { Scheduler } from './scheduler/scheduler.js';
export type { SchedulerOptions } from './scheduler/scheduler.js';
export { Task } from './tasks/task.js';
export type { LastRun, ReschedulingScheduler } from './tasks/task.js';
export { IntervalTask } from './tasks/interval-task.js';
export type { IntervalTaskOptions } from './tasks/interval-task.js';
export { WeekdayTask, MonthdayTask } from './tasks/day-tasks.js';
export type { WeekdayTaskOptions, MonthdayTaskOptions } from './tasks/day-tasks.js';
export { SingleTask } from './tasks/single-task.js';
export type { SingleTaskOptions } from './tasks/single-task.js';
export { CronTask } from './tasks/cron-task.js';
export type { CronTaskOptions } from './tasks/cron-task.js';
export type { LimitOptions } from './tasks/constraints.js';
export type { TaskOptions } from './tasks/options.js';
export {
  addIntervalTask,
  addWeekdayTask,
  addMonthdayTask,
  addSingleTask,
  addCronTask,
  cancel,
  startScheduler,
  stopScheduler,
  getScheduler,
  callOnStartup,
  callOnShutdown,
} from './facade.js';
export { currentRun } from './scheduler/current-run.js';
export { method } from './method.js';
export { consoleLogger, silentLogger } from './logger.js';
export * from './errors.js';
export type * from './types.js';
export { ThreadedScheduler } from './variants/threaded-scheduler.js';
export { ForkedScheduler } from './variants/forked-scheduler.js';
export type { VariantOptions } from './variants/proxy.js';
export type { RemoteEvents, RemoteRun, RemoteTask } from './variants/protocol.js';
export type { PoolOptions, WorkerOptions } from './execution/pool-options.js';
export { WorkerCrashError, ModuleLoadError, SchedulerCrashError } from './execution/errors.js';
export type { CustomTaskOptions, ExecuteResult } from './tasks/task.js';
export { HostTimeoutError, RunLostError } from './variants/errors.js';
export type { ProxyEvents } from './variants/protocol.js';
export type {
  Remote,
  RemoteIntervalTaskOptions,
  RemoteWeekdayTaskOptions,
  RemoteMonthdayTaskOptions,
  RemoteSingleTaskOptions,
  RemoteCronTaskOptions,
  TaskReference,
} from './variants/remote-types.js';
