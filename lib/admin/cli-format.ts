/**
 * The management commands' answers for people: the job table, one job's details, its next
 * runs and the orphans. Input is the admin API's JSON (see http-view.ts `jobJson`).
 */
import { block, relative, table } from './cli-output.js';

type JobJson = Record<string, unknown> & {
  name: string;
  type: string;
  schedule: string;
  timeZone: string | null;
  source: string;
  queue: string;
  state: string;
  nextRunAt: string | null;
  runs: number;
  failures: number;
  lastOutcome: { status: string; at: string; durationMs: number; error?: { name?: string; message?: string } } | null;
};

interface RunJson {
  status: string;
  kind: string | null;
  scheduledAt: string;
  durationMs: number | null;
  latenessMs: number | null;
  error?: { name?: string; message?: string };
}

const ms = (value: number | null | undefined): string => (value === null || value === undefined ? '-' : `${value}ms`);

function action(value: unknown): string {
  if (value === null || value === undefined) return '-';
  if (typeof value === 'string') return value;
  const ref = value as { module?: string; export?: string };
  return `${ref.module ?? '?'}#${ref.export ?? 'default'}`;
}

export function jobTable(jobs: readonly JobJson[], now = Date.now()): string {
  if (jobs.length === 0) return 'No jobs.\n';
  return table(
    ['NAME', 'TYPE', 'SCHEDULE', 'STATE', 'NEXT RUN', 'LAST', 'RUNS', 'FAILS', 'SOURCE'],
    jobs.map((j) => [j.name, j.type, j.schedule, j.state, relative(j.nextRunAt, now), j.lastOutcome?.status ?? '-', String(j.runs), String(j.failures), j.source]),
  );
}

export function jobDetails(job: JobJson & { nextRuns?: string[]; history?: RunJson[] }, now = Date.now()): string {
  const last = job.lastOutcome;
  let text = block([
    ['name', job.name],
    ['type', job.type],
    ['schedule', job.schedule],
    ['time zone', job.timeZone ?? '-'],
    ['state', job.state],
    ['next run', job.nextRunAt === null ? '-' : `${job.nextRunAt} (${relative(job.nextRunAt, now)})`],
    ['runs', `${job.runs} (${job.failures} failed)`],
    ['last outcome', last === null ? '-' : `${last.status} at ${last.at} in ${ms(last.durationMs)}${last.error ? `: ${last.error.message ?? ''}` : ''}`],
    ['action', action(job.action)],
    ['queue', job.queue],
    ['source', job.source],
  ]);
  if (job.nextRuns && job.nextRuns.length > 0) text += `\nNext runs:\n${job.nextRuns.map((at) => `  ${at}\n`).join('')}`;
  if (job.history && job.history.length > 0) {
    const rows = job.history.map((r) => [r.scheduledAt, r.kind ?? '-', r.status, ms(r.durationMs), ms(r.latenessMs), r.error ? `${r.error.name ?? 'Error'}: ${r.error.message ?? ''}` : '']);
    text += `\nRecent runs:\n${table(['SCHEDULED', 'KIND', 'STATUS', 'DURATION', 'LATENESS', 'ERROR'], rows).replace(/^/gm, '  ')}`;
  }
  return text;
}

export function orphanTable(orphans: ReadonlyArray<{ name: string; handler: unknown; queue: string; state: string }>): string {
  if (orphans.length === 0) return 'No orphans: every durable schedule names a handler some live process defines.\n';
  return table(['NAME', 'HANDLER', 'QUEUE', 'STATE'], orphans.map((o) => [o.name, action(o.handler), o.queue, o.state]));
}

export type { JobJson };
