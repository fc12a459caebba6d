/**
 * The routes beside /api/jobs: health, pause/resume all, scheduled names, orphans, the
 * upcoming-runs chart data, /metrics and the dashboard shell.
 */
import type { TaskInfo } from '../types.js';
import type { AnyScheduler } from './history.js';
import { queryInteger, queryOf } from './http-body.js';
import { listJobs } from './http-view.js';
import type { Job } from './http-view.js';
import { PostgresStore } from '../store/postgres/postgres-store.js';
import { METRICS_CONTENT_TYPE } from './metrics.js';
import { nowOf, storeOf } from './http-routes.js';
import type { Route, RouteAnswer } from './http-routes.js';
import { HttpError } from './http-errors.js';
import { DASHBOARD_CSP, dashboardAsset } from './dashboard/assets.js';

const HOUR_MS = 3_600_000;
/** Upcoming runs are counted for at most a week ahead... */
const MAX_HOURS = 168;
/** ...and at most this many per job (a job every second would otherwise cost 604 800 dates). */
export const UPCOMING_PER_JOB = 1000;

/** `memory`, `postgres` (a server or embedded PGlite) or `custom` (another Store). */
function storeKind(scheduler: AnyScheduler): 'memory' | 'postgres' | 'custom' {
  const store = storeOf(scheduler);
  if (!store.durable) return 'memory';
  return store instanceof PostgresStore ? 'postgres' : 'custom';
}

/** Durable schedules naming a handler that neither this process nor any live instance defines. */
async function orphans(scheduler: AnyScheduler): Promise<Job[]> {
  const store = storeOf(scheduler);
  if (!store.durable) return [];
  const defined = new Set<string>(scheduler.handlers.names());
  for (const instance of await store.instances()) for (const name of instance.handlers) defined.add(name);
  return (await listJobs(scheduler)).filter((job) => typeof job.action === 'string' && !defined.has(job.action));
}

function orphanJson(job: Job): Record<string, unknown> {
  return { name: job.name, handler: job.action, queue: job.queue, source: job.source, state: job.info.state };
}

async function upcoming(scheduler: AnyScheduler, hours: number): Promise<Record<string, unknown>> {
  const now = await nowOf(scheduler);
  const from = Math.floor(now / HOUR_MS) * HOUR_MS;
  const to = from + hours * HOUR_MS - 1;
  const buckets = Array.from({ length: hours }, (_, i) => ({ start: new Date(from + i * HOUR_MS).toISOString(), runs: 0, jobs: {} as Record<string, number> }));
  const truncated: string[] = [];
  for (const job of await listJobs(scheduler)) {
    if (job.info.state === 'paused' || job.info.nextRunAt === null || job.error !== undefined) continue;
    const dates = (await scheduler.nextRunsBetween(job.name, now, to, UPCOMING_PER_JOB)) as Date[];
    if (dates.length === UPCOMING_PER_JOB) truncated.push(job.name);
    for (const date of dates) {
      const bucket = buckets[Math.floor((date.getTime() - from) / HOUR_MS)];
      if (bucket === undefined) continue;
      bucket.runs++;
      bucket.jobs[job.name] = (bucket.jobs[job.name] ?? 0) + 1;
    }
  }
  return { from: new Date(from).toISOString(), hours, perJobLimit: UPCOMING_PER_JOB, truncated, buckets };
}

/** The dashboard shell or one of its assets: no data in them, so no token needed. */
async function dashboardFile(name: string): Promise<RouteAnswer> {
  const asset = await dashboardAsset(name);
  if (asset === null) throw new HttpError(404, 'not-found', `No dashboard asset ${name}`);
  return { text: asset.text, contentType: asset.contentType, headers: { 'content-security-policy': DASHBOARD_CSP } };
}

export const OPS_ROUTES: Route[] = [
  {
    method: 'GET', path: '/api/health', changes: false,
    async handle({ state }) {
      const uptimeSeconds = Math.floor((state.scheduler.clock.monotonic() - state.startedAt) / 1000);
      const base = { store: storeKind(state.scheduler), instance: state.instance, uptimeSeconds };
      try {
        await nowOf(state.scheduler);
      } catch {
        return { status: 503, json: { status: 'unavailable', ...base } };
      }
      return { json: { status: 'ok', ...base } };
    },
  },
  {
    method: 'POST', path: '/api/pause', changes: true,
    async handle({ state }) {
      await state.scheduler.pause();
      return { json: { paused: true } };
    },
  },
  {
    method: 'POST', path: '/api/resume', changes: true,
    async handle({ state }) {
      await state.scheduler.resume();
      return { json: { paused: false } };
    },
  },
  {
    method: 'GET', path: '/api/scheduled', changes: false,
    async handle({ state }) {
      const infos = (await state.scheduler.tasks()) as TaskInfo[];
      return { json: { names: infos.filter((i) => i.nextRunAt !== null && i.state !== 'paused').map((i) => i.name) } };
    },
  },
  { method: 'GET', path: '/api/orphans', changes: false, handle: async ({ state }) => ({ json: { orphans: (await orphans(state.scheduler)).map(orphanJson) } }) },
  {
    method: 'DELETE', path: '/api/orphans', changes: true,
    async handle({ state }) {
      const deleted: string[] = [];
      for (const job of await orphans(state.scheduler)) if ((await state.scheduler.cancel(job.name)) as boolean) deleted.push(job.name);
      return { json: { deleted } };
    },
  },
  {
    method: 'GET', path: '/api/upcoming', changes: false,
    async handle({ state, url }) {
      const hours = queryInteger(queryOf(url, ['hours']), 'hours', 1, MAX_HOURS, 24);
      return { json: await upcoming(state.scheduler, hours) };
    },
  },
  {
    method: 'GET', path: '/metrics', changes: false,
    async handle({ state }) {
      const jobs = await listJobs(state.scheduler);
      return { text: state.metrics.render(jobs, storeOf(state.scheduler).durable), contentType: METRICS_CONTENT_TYPE };
    },
  },
  { method: 'GET', path: '/', changes: false, open: true, handle: () => dashboardFile('index.html') },
  // Open routes get no params: the name is read from the path here, and only listed names are served.
  { method: 'GET', path: '/assets/:file', changes: false, open: true, handle: ({ url }) => dashboardFile(url.pathname.slice('/assets/'.length)) },
];
