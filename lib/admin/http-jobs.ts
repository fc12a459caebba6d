/**
 * The /api/jobs routes: list, details, add, delete (one or all), run now, pause and resume one.
 */
import { MAX_INSTANT_MS } from '../internal/instant.js';
import type { Task } from '../tasks/task.js';
import { recentRuns } from './history.js';
import type { AnyScheduler, RunEntry } from './history.js';
import { addJobEntry } from './http-add.js';
import { optionalBoolean, optionalInteger, queryInteger, queryOf, rejectUnknown } from './http-body.js';
import { HttpError, badField, jobNotFound } from './http-errors.js';
import { getJob, jobJson, listJobs } from './http-view.js';
import { nowOf } from './http-routes.js';
import type { Route, RouteRequest } from './http-routes.js';

/** Longest delay for a manual run: a week (a later one is a schedule, not a "run now"). */
const MAX_DELAY_MS = 7 * 86_400_000;

function runJson(entry: RunEntry): Record<string, unknown> {
  const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
  const out: Record<string, unknown> = { ...entry, scheduledAt: iso(entry.scheduledAt), startedAt: iso(entry.startedAt), finishedAt: iso(entry.finishedAt) };
  if (entry.lastSlot !== undefined) out.lastSlot = iso(entry.lastSlot);
  return out;
}

async function details({ state, params, url }: RouteRequest): Promise<Record<string, unknown>> {
  const query = queryOf(url, ['next', 'runs']);
  const next = queryInteger(query, 'next', 0, 100, 10);
  const runs = queryInteger(query, 'runs', 0, 200, 20);
  const { scheduler } = state;
  const job = await getJob(scheduler, params.name!);
  const now = await nowOf(scheduler);
  // A row that cannot be read has no rule to ask for its next runs.
  const nextRuns = job.error === undefined ? ((await scheduler.nextRunsBetween(job.name, now, MAX_INSTANT_MS, next)) as Date[]) : [];
  const history = runs === 0 ? [] : await recentRuns(scheduler, state.history, job.name, runs);
  return { job: { ...jobJson(job), definition: job.definition, nextRuns: nextRuns.map((d) => d.toISOString()), history: history.map(runJson), counts: { runs: job.info.runs, failures: job.info.failures, ...state.metrics.countsOf(job.name) } } };
}

async function exists(scheduler: AnyScheduler, name: string): Promise<void> {
  if (!((await scheduler.getTask(name)) as Task | undefined)) throw jobNotFound(name);
}

/**
 * The slot a `skipNext` moves the schedule to (the one after its next), checked before the
 * manual run is requested so that a refusal (409) changes nothing.
 */
async function slotAfterNext(scheduler: AnyScheduler, name: string): Promise<number> {
  const job = await getJob(scheduler, name);
  const next = job.info.nextRunAt;
  if (job.info.state === 'paused') throw new HttpError(409, 'conflict', `Job "${name}" is paused: there is no next run to skip`, 'skipNext');
  if (next === null) throw new HttpError(409, 'conflict', `Job "${name}" has no next run to skip`, 'skipNext');
  const slots = (await scheduler.nextRunsBetween(name, next, MAX_INSTANT_MS, 2)) as Date[];
  const after = slots[1];
  if (after === undefined) throw new HttpError(409, 'conflict', `Job "${name}" has no run after its next one, so skipping it would end the job; delete or pause it instead`, 'skipNext');
  return after.getTime();
}

async function runNow({ state, params, body }: RouteRequest): Promise<Record<string, unknown>> {
  const input = await body();
  rejectUnknown(input, ['delayMs', 'skipNext']);
  const delay = optionalInteger(input, 'delayMs', 0, MAX_DELAY_MS) ?? 0;
  const skipNext = optionalBoolean(input, 'skipNext') ?? false;
  const { scheduler } = state;
  const name = params.name!;
  await exists(scheduler, name);
  const skipAt = skipNext ? await slotAfterNext(scheduler, name) : null;
  // The scheduler skips the next slot itself (on a durable store in the run request's transaction).
  const at = (await scheduler.runNow(name, { delay, skipNext })) as Date;
  return { name, kind: 'manual', runAt: at.toISOString(), nextRunAt: skipAt === null ? undefined : new Date(skipAt).toISOString() };
}

async function deleteAll({ state, url }: RouteRequest): Promise<Record<string, unknown>> {
  const query = queryOf(url, ['confirm']);
  if (query.confirm !== 'all') throw badField('confirm', 'Deleting every job needs `?confirm=all`');
  const { scheduler } = state;
  let deleted = 0;
  for (const job of await listJobs(scheduler)) if ((await scheduler.cancel(job.name)) as boolean) deleted++;
  return { deleted };
}

export const JOB_ROUTES: Route[] = [
  {
    method: 'GET', path: '/api/jobs', changes: false,
    async handle({ state, url }) {
      queryOf(url, []);
      return { json: { jobs: (await listJobs(state.scheduler)).map(jobJson) } };
    },
  },
  { method: 'GET', path: '/api/jobs/:name', changes: false, handle: async (request) => ({ json: await details(request) }) },
  {
    method: 'POST', path: '/api/jobs', changes: true,
    async handle({ state, body }) {
      const { name } = await addJobEntry(state.scheduler, await body(), { allowModules: state.allowModules });
      return { status: 201, json: { job: jobJson(await getJob(state.scheduler, name)) }, headers: { location: `/api/jobs/${encodeURIComponent(name)}` } };
    },
  },
  {
    method: 'DELETE', path: '/api/jobs/:name', changes: true,
    async handle({ state, params }) {
      const name = params.name!;
      if (!((await state.scheduler.cancel(name)) as boolean)) throw jobNotFound(name);
      return { json: { deleted: name } };
    },
  },
  { method: 'DELETE', path: '/api/jobs', changes: true, handle: async (request) => ({ json: await deleteAll(request) }) },
  { method: 'POST', path: '/api/jobs/:name/run', changes: true, handle: async (request) => ({ status: 202, json: await runNow(request) }) },
  {
    method: 'POST', path: '/api/jobs/:name/pause', changes: true,
    async handle({ state, params }) {
      await state.scheduler.pause(params.name!);
      return { json: { job: jobJson(await getJob(state.scheduler, params.name!)) } };
    },
  },
  {
    method: 'POST', path: '/api/jobs/:name/resume', changes: true,
    async handle({ state, params }) {
      await state.scheduler.resume(params.name!);
      return { json: { job: jobJson(await getJob(state.scheduler, params.name!)) } };
    },
  },
];
