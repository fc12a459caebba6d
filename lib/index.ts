// The package root: named re-exports only, so that every public name is a conscious choice
// (test/exports.test.ts holds the list). Message helpers of errors.ts stay internal.

// Scheduler and tasks
export { Scheduler } from './scheduler/scheduler.js';
export type { SchedulerOptions } from './scheduler/scheduler.js';
export { Task } from './tasks/task.js';
export type { CustomTaskOptions, ExecuteResult, LastRun, ReschedulingScheduler } from './tasks/task.js';
export { IntervalTask } from './tasks/interval-task.js';
export type { IntervalTaskOptions } from './tasks/interval-task.js';
export { WeekdayTask, MonthdayTask } from './tasks/day-tasks.js';
export type { WeekdayTaskOptions, MonthdayTaskOptions } from './tasks/day-tasks.js';
export { SingleTask } from './tasks/single-task.js';
export type { SingleTaskOptions } from './tasks/single-task.js';
export { CronTask } from './tasks/cron-task.js';
export type { CronTaskOptions } from './tasks/cron-task.js';
export type { LimitOptions } from './time/rules/limits.js';
export type { TaskOptions } from './tasks/options.js';

// The facade (a lazy default scheduler)
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

// Runs, modes and logging
export { currentRun } from './execution/current-run.js';
export { method } from './tasks/method.js';
export { consoleLogger, silentLogger } from './internal/logger.js';

// Shared vocabulary
export type { Action, ActionFunction, AroundHook, CatchUp, Clock, Duration, DurationObject, Logger, ModuleReference, Outcome, OutcomeStatus, Overlap, ProcessMethod, RunContext, RunKind, TaskInfo, TaskState, TimeOfDay } from './types.js';
export type { EventName, RunInfo, SchedulerEvents } from './scheduler/events.js';

// Errors: every SchedulerError subclass (their message helpers are not public)
export {
  SchedulerError,
  DuplicateTaskError,
  TaskNotFoundError,
  TaskTimeoutError,
  RescheduleError,
  NotAvailableError,
  RunAbortedError,
  StartupError,
  AroundNextError,
} from './errors.js';
export type { FailedHook } from './errors.js';
export { WorkerCrashError, ModuleLoadError, SchedulerCrashError } from './errors.js';
export type { WorkerCrashDetails } from './errors.js';
export { HostTimeoutError, RunLostError } from './errors.js';
export { StoreLockedError, MissingDependencyError, DuplicateHandlerError, HandlerNotFoundError } from './errors.js';

// Stores: memory (the default) and PostgreSQL / embedded PGlite (durable, shared by many processes)
export { MemoryStore } from './store/memory-store.js';
export { PostgresStore } from './store/postgres/postgres-store.js';
export type { PostgresStoreOptions } from './store/postgres/postgres-store.js';
export type { OnLost, ScheduleRow, ScheduleSpec, Store, StoreEvent, UpsertResult } from './store/store.js';
export type { DurableOptions } from './scheduler/durable/options.js';
export type { DeclaredTask } from './scheduler/durable/types.js';

// Job files (YAML/JSON): docassemble's form and ours
export { loadJobFile, applyJobs, readJobFile, parseJobFile, validateJobFile, validateJob } from './admin/job-file.js';
export type { JobFile, JobFileValidation, JobLogLevel, ApplyOptions, ApplySummary } from './admin/job-file.js';
export { JobHooks } from './admin/job-hooks.js';
export type { JobErrorHandler } from './admin/job-hooks.js';
export type { JobDefinition, JobReference, JobType } from './admin/job-schema.js';
export { JobFileError } from './errors.js';
export type { JobFileProblem } from './errors.js';
export type { TaskSource } from './types.js';

// The HTTP admin API and Prometheus metrics
export { serve } from './admin/http.js';
export type { ServeOptions, AdminServer } from './admin/http.js';

// Off-thread execution and scheduler variants
export type { PoolOptions, WorkerOptions } from './execution/pool-options.js';
export { ThreadedScheduler } from './variants/threaded-scheduler.js';
export { ForkedScheduler } from './variants/forked-scheduler.js';
export type { VariantOptions } from './variants/variant-options.js';
export type { ProxyEvents, RemoteEvents, RemoteRun, RemoteTask } from './variants/protocol.js';
export type {
  Remote,
  RemoteIntervalTaskOptions,
  RemoteWeekdayTaskOptions,
  RemoteMonthdayTaskOptions,
  RemoteSingleTaskOptions,
  RemoteCronTaskOptions,
  TaskReference,
} from './variants/remote-types.js';
