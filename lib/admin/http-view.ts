/**
 * Jobs as the admin API shows them: TaskInfo plus the schedule in words, its type, zone and
 * source, read the same way from either store (durable: one listing query, not one per job).
 */
import type { ScheduleRow } from '../store/store.js';
import type { Task } from '../tasks/task.js';
import type { TaskInfo } from '../types.js';
import { infoOf } from '../scheduler/durable/schedules.js';
import { taskInfoOf } from '../scheduler/scheduler-base.js';
import { TASK_CLASSES, taskOf as specTask } from '../scheduler/durable/spec.js';
import { definitionOfRow, definitionOfTask } from './http-definition.js';
import type { Definition } from './http-definition.js';
import { describeTask } from './http-describe.js';
import type { JobType } from './http-describe.js';
import { errorView } from './history.js';
import type { AnyScheduler, ErrorView } from './history.js';
import { jobNotFound } from './http-errors.js';
import { storeOf } from './http-routes.js';

/** Where a job was declared: `api` (code), `file` (a job file), `http` (POST /api/jobs). */
export type JobSource = 'api' | 'file' | 'http' | (string & {});

/**
 * In memory, TaskInfo has no source: tasks declared through the admin layer are marked here,
 * by Task instance (a task re-added under the same name by code is a new instance, so the
 * mark never outlives the task it was made for). A durable schedule row has its own `source`.
 */
const sourceOf = new WeakMap<Task, JobSource>();

/** Marks an in-memory task as declared by `source` (POST /api/jobs marks `http`; job files would mark `file`). */
export function markSource(task: Task, source: JobSource): void {
  sourceOf.set(task, source);
}

export interface Job {
  name: string;
  info: TaskInfo;
  /** Null when a durable row cannot be read as a task (then `error` says why). */
  task: Task | null;
  /** The type as stored: a row of a type this version does not know keeps its own. */
  type: JobType | (string & {});
  schedule: string;
  timeZone: string | null;
  source: JobSource;
  queue: string;
  /** A durable job's handler name or module; in memory a module reference's URL, else null. */
  action: string | { module: string; export: string } | null;
  definition: Definition;
  /** Why the job cannot run as stored (a durable row whose options or type this version cannot read). */
  error?: string;
}

const KNOWN_TYPES = Object.keys(TASK_CLASSES);

/**
 * A row another version, a failed migration or a hand edit left behind must not take the
 * whole listing down with it: it is shown with the reason it cannot be read, and can still
 * be paused and deleted.
 */
function jobOfRow(row: ScheduleRow): Job {
  const base = { name: row.name, info: infoOf(row), source: row.source, queue: row.queue, action: row.action, definition: definitionOfRow(row) };
  let reason: string;
  if (KNOWN_TYPES.includes(row.type)) {
    try {
      const task = specTask(row, null);
      return { ...base, task, ...describeTask(task) };
    } catch (error) {
      reason = error instanceof Error ? error.message : String(error);
    }
  } else {
    reason = `its type ${JSON.stringify(row.type)} is not one this version knows (${KNOWN_TYPES.join(', ')})`;
  }
  const zone = row.options?.timeZone;
  return {
    ...base, task: null, type: row.type, schedule: `unreadable ${row.type} schedule`,
    timeZone: typeof zone === 'string' ? zone : null, error: `The stored schedule cannot be read: ${reason}`,
  };
}

function jobOfTask(names: ReadonlyMap<unknown, string>, info: TaskInfo, task: Task): Job {
  const source = info.source ?? sourceOf.get(task) ?? 'api';
  const url = task.moduleUrl;
  const action = url === undefined ? null : { module: url, export: exportOf(task) };
  const definition = definitionOfTask(task, action ?? names.get(task.action) ?? null);
  return { name: info.name, info, task, ...describeTask(task), source, queue: 'default', action, definition };
}

/** Each defined function's name, to show an in-memory task's action by the name it was defined under. */
function handlerNames(scheduler: AnyScheduler): Map<unknown, string> {
  const handlers = scheduler.handlers;
  return new Map(handlers.names().map((name) => [handlers.get(name), name]));
}

function exportOf(task: Task): string {
  const action = task.action as { export?: unknown };
  return typeof action === 'object' && typeof action.export === 'string' ? action.export : 'default';
}

export async function listJobs(scheduler: AnyScheduler): Promise<Job[]> {
  const store = storeOf(scheduler);
  if (store.durable) {
    const rows = await store.listSchedules(null);
    return rows.filter((row) => row.state !== 'finished').map(jobOfRow);
  }
  const out: Job[] = [];
  const names = handlerNames(scheduler);
  for (const info of (await scheduler.tasks()) as TaskInfo[]) {
    const task = (await scheduler.getTask(info.name)) as Task | undefined;
    if (task !== undefined) out.push(jobOfTask(names, info, task));
  }
  return out;
}

/** One job, or a 404. */
export async function getJob(scheduler: AnyScheduler, name: string): Promise<Job> {
  const store = storeOf(scheduler);
  if (store.durable) {
    const row = await store.getSchedule(name);
    if (row === null || row.state === 'finished') throw jobNotFound(name);
    return jobOfRow(row);
  }
  const task = (await scheduler.getTask(name)) as Task | undefined;
  const info = task && taskInfoOf(scheduler as unknown as Parameters<typeof taskInfoOf>[0], name);
  if (!task || !info) throw jobNotFound(name);
  return jobOfTask(handlerNames(scheduler), info, task);
}

export interface OutcomeJson {
  status: string;
  at: string;
  durationMs: number;
  latenessMs: number;
  error?: ErrorView;
}

/** A job as JSON: Dates as ISO strings, errors as `{ name, message, stack }`. */
export function jobJson(job: Job): Record<string, unknown> {
  const { info } = job;
  let lastOutcome: OutcomeJson | null = null;
  if (info.lastOutcome) {
    const o = info.lastOutcome;
    lastOutcome = { status: o.status, at: o.at.toISOString(), durationMs: o.durationMs, latenessMs: o.latenessMs };
    if (o.error !== undefined) lastOutcome.error = errorView(o.error);
  }
  return {
    name: job.name, type: job.type, schedule: job.schedule, timeZone: job.timeZone, source: job.source, queue: job.queue, action: job.action,
    state: info.state, nextRunAt: info.nextRunAt === null ? null : info.nextRunAt.toISOString(), runs: info.runs, failures: info.failures, lastOutcome,
    ...(job.error === undefined ? {} : { error: job.error }),
  };
}
