/**
 * Applying validated jobs to a scheduler, all or nothing: every job is checked against the
 * scheduler first (handlers defined, hooks importable, the task can still run), and only
 * then registered with `source: 'file'`. In memory a job is replaced (`replace: true`) only
 * when its definition changed, so reloading an unchanged file keeps every grid and count; on
 * a durable store each job is the store's upsert. File jobs missing from the jobs given are
 * removed; tasks added in code or over HTTP are never touched.
 */
import { JobFileError, describeValue } from '../errors.js';
import type { JobFileProblem } from '../errors.js';
import { TASK_CLASSES, specOf } from '../scheduler/durable/spec.js';
import type { DeclaredTask } from '../scheduler/durable/types.js';
import type { Scheduler } from '../scheduler/scheduler.js';
import { canonical } from '../store/store.js';
import type { Store, UpsertResult } from '../store/store.js';
import type { Task } from '../tasks/task.js';
import type { AroundHook, TaskInfo } from '../types.js';
import { JobHooks, describeReference, jobAround, resolveReference } from './job-hooks.js';
import type { JobErrorHandler } from './job-hooks.js';
import type { JobDefinition } from './job-schema.js';

export interface ApplyOptions {
  /** Durable stores: where the jobs' error handlers and `around` hooks go (the Scheduler's `around` must be `hooks.around`). */
  hooks?: JobHooks;
  /** Remove file jobs (`source: 'file'`) that are not among the jobs applied. @default true */
  prune?: boolean;
}

/** What applying did: per job `created`, `updated` or `unchanged`, and the file jobs removed. */
export interface ApplySummary {
  jobs: Array<{ name: string; result: UpsertResult }>;
  removed: string[];
}

const SCHEDULE_TYPE = { interval: 'interval', weekday: 'weekday', monthday: 'monthday', date: 'single', cron: 'cron' } as const;
const ADD = { interval: 'addIntervalTask', weekday: 'addWeekdayTask', monthday: 'addMonthdayTask', date: 'addSingleTask', cron: 'addCronTask' } as const;

/** In memory: what each file job was made from, to tell an unchanged job from a changed one. */
const applied = new WeakMap<object, Map<string, { key: string; task: Task }>>();

interface DurableApi {
  tasks(): Promise<TaskInfo[]>;
  cancel(name: string): Promise<boolean>;
}

/**
 * Registers `jobs` (a JobFile's, or a list) on `scheduler` with `source: 'file'`; rejects with
 * a JobFileError, having changed nothing, when any job cannot be registered there.
 */
export async function applyJobs<S extends Store>(
  scheduler: Scheduler<S>, jobs: { file: string; jobs: readonly JobDefinition[] } | readonly JobDefinition[], options: ApplyOptions = {},
): Promise<ApplySummary> {
  const file = Array.isArray(jobs) ? '<jobs>' : (jobs as { file: string }).file;
  const list: readonly JobDefinition[] = Array.isArray(jobs) ? jobs : (jobs as { jobs: readonly JobDefinition[] }).jobs;
  const s = scheduler as unknown as Scheduler<Store>;
  const problems: JobFileProblem[] = [];
  const problem = (job: JobDefinition, key: string | null, expected: string, given: string | null): void => {
    problems.push({ file, line: job.line, job: job.name, key, expected, given });
  };
  const durable = s.store.durable;
  if (durable && options.hooks === undefined) {
    for (const job of list) {
      if (job.errorHandler !== undefined || job.around !== undefined) {
        problem(job, job.around !== undefined ? 'around' : 'errorHandler',
          'loadJobFile(scheduler, path, { hooks }) with `hooks = new JobHooks()` given to the Scheduler as `around: hooks.around` (a durable store cannot keep a task\'s own hooks)', 'no hooks option');
      }
    }
  }
  const arounds = new Map<string, AroundHook>();
  for (const job of list) {
    const hook = await hookOf(s, job, problem);
    if (hook !== undefined) arounds.set(job.name, hook);
  }
  const tasks = new Map<string, Task>();
  const now = s.clock.now();
  for (const job of list) {
    try {
      if (durable) specOf(SCHEDULE_TYPE[job.type], declaration(job));
      else {
        const action = typeof job.action === 'string' ? s.handlers.get(job.action) : job.action;
        if (action === undefined) {
          problem(job, 'handler', `a handler defined with scheduler.define(${JSON.stringify(job.action)}, fn) before the file is applied`, describeValue(job.action));
          continue;
        }
        const around = arounds.get(job.name);
        const task = new TASK_CLASSES[SCHEDULE_TYPE[job.type]]({ ...declaration(job), action, replace: true, ...(around ? { around } : {}) });
        if (task.firstRunAt(now) === null) problem(job, null, 'a job that can still run (its endDate is past, or its limits allow none of its runs)', null);
        tasks.set(job.name, task);
      }
    } catch (error) {
      problem(job, null, `a job this scheduler can register (${error instanceof Error ? error.message : String(error)})`, null);
    }
  }
  const names = new Set<string>();
  for (const job of list) {
    if (names.has(job.name)) problem(job, null, 'each job name once', describeValue(job.name));
    names.add(job.name);
  }
  if (problems.length > 0) throw new JobFileError(file, problems.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity)));
  return durable ? applyDurable(s, list, arounds, options) : applyMemory(s, list, tasks, options);
}

function applyMemory(s: Scheduler<Store>, list: readonly JobDefinition[], tasks: Map<string, Task>, options: ApplyOptions): ApplySummary {
  let known = applied.get(s);
  if (!known) applied.set(s, (known = new Map()));
  const summary: ApplySummary = { jobs: [], removed: [] };
  for (const job of list) {
    const key = canonical({ type: job.type, action: job.action, options: job.options, errorHandler: job.errorHandler ?? null, around: job.around ?? null });
    const before = known.get(job.name);
    const current = s.getTask(job.name) as Task | undefined;
    if (before !== undefined && before.key === key && current === before.task) {
      summary.jobs.push({ name: job.name, result: 'unchanged' });
      continue;
    }
    const task = s.add(tasks.get(job.name)!);
    known.set(job.name, { key, task });
    summary.jobs.push({ name: job.name, result: current === undefined ? 'created' : 'updated' });
  }
  if (options.prune !== false) {
    for (const info of s.tasks() as TaskInfo[]) {
      if (info.source !== 'file' || known.has(info.name) && list.some((j) => j.name === info.name)) continue;
      s.cancel(info.name);
      summary.removed.push(info.name);
    }
    for (const name of [...known.keys()]) if (!list.some((j) => j.name === name)) known.delete(name);
  }
  return summary;
}

async function applyDurable(s: Scheduler<Store>, list: readonly JobDefinition[], arounds: Map<string, AroundHook>, options: ApplyOptions): Promise<ApplySummary> {
  // Hooks first: a run claimed as soon as its schedule is declared already has them.
  options.hooks?.replaceAll(arounds);
  const summary: ApplySummary = { jobs: [], removed: [] };
  const api = s as unknown as DurableApi & Record<(typeof ADD)[keyof typeof ADD], (o: Record<string, unknown>) => Promise<DeclaredTask>>;
  for (const job of list) {
    const declared = await api[ADD[job.type]](declaration(job));
    summary.jobs.push({ name: job.name, result: declared.result });
  }
  if (options.prune !== false) {
    const names = new Set(list.map((j) => j.name));
    for (const info of await api.tasks()) {
      if (info.source !== 'file' || names.has(info.name)) continue;
      if (await api.cancel(info.name)) summary.removed.push(info.name);
    }
  }
  return summary;
}

/** The task options `add*Task` takes for a job (the action as a name or module reference). */
function declaration(job: JobDefinition): Record<string, unknown> {
  return { ...job.options, name: job.name, action: job.action, source: 'file' };
}

/** The job's error handler and around, imported and combined; problems when they cannot be. */
async function hookOf(
  s: Scheduler<Store>, job: JobDefinition, problem: (job: JobDefinition, key: string | null, expected: string, given: string | null) => void,
): Promise<AroundHook | undefined> {
  if (job.errorHandler === undefined && job.around === undefined) return undefined;
  let around: AroundHook | undefined;
  let onError: JobErrorHandler | undefined;
  for (const key of ['around', 'errorHandler'] as const) {
    const ref = job[key];
    if (ref === undefined) continue;
    try {
      const fn = await resolveReference(ref, s.handlers);
      if (key === 'around') around = fn as unknown as AroundHook;
      else onError = fn as unknown as JobErrorHandler;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      problem(job, key, typeof ref === 'string' ? reason : 'a module export that is a function', typeof ref === 'string' ? describeReference(ref) : reason);
    }
  }
  if (around === undefined && onError === undefined) return undefined;
  return jobAround(job, around, onError, s.logger);
}
