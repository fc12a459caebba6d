/**
 * The management commands (list, show, next, enable, disable, delete, run-now, orphans,
 * validate, migrate): each talks to the admin API (cli-client.ts), over HTTP to a running
 * `kronos run` or to a store opened here, and prints a table or, with `--json`, the API's JSON.
 */
import { JobFileError } from '../errors.js';
import type { Api } from './cli-client.js';
import { httpApi } from './cli-client.js';
import { jobDetails, jobTable, orphanTable } from './cli-format.js';
import type { JobJson } from './cli-format.js';
import { CliFailure, EXIT, json } from './cli-output.js';
import type { CliIo } from './cli-output.js';
import { tokenFrom } from './cli-run.js';
import { directApi, openStore, reaching } from './cli-store.js';
import type { StoreChoice } from './cli-store.js';
import { validateJobFile } from './job-file.js';

export interface TargetOptions extends StoreChoice {
  url?: string;
  tokenFile?: string;
  json?: boolean;
}

/** The API a management command talks to: `--url` (with a token), or a store opened directly. */
export async function connect(options: TargetOptions): Promise<Api> {
  const given = [options.url, options.store, options.dataDir].filter((v) => v !== undefined).length;
  if (given !== 1) throw new CliFailure('Say where the jobs are: --url http://127.0.0.1:PORT (a running `kronos run --http`), --store postgres://… or --data-dir DIR (exactly one)', EXIT.usage);
  if (options.url !== undefined) {
    const token = await tokenFrom(options.tokenFile);
    if (token === undefined) throw new CliFailure('--url needs the API token: --token-file FILE or the KRONOS_TOKEN environment variable', EXIT.usage);
    return httpApi(options.url, token);
  }
  return directApi(options);
}

async function withApi<T>(options: TargetOptions, use: (api: Api) => Promise<T>): Promise<T> {
  const api = await connect(options);
  try {
    return await use(api);
  } finally {
    await api.close();
  }
}

const jobPath = (name: string): string => `/api/jobs/${encodeURIComponent(name)}`;

export async function list(options: TargetOptions, io: CliIo): Promise<void> {
  const answer = await withApi(options, (api) => api.call('GET', '/api/jobs'));
  io.out(options.json ? json(answer) : jobTable(answer.jobs as JobJson[]));
}

export async function show(name: string, options: TargetOptions, io: CliIo): Promise<void> {
  const answer = await withApi(options, (api) => api.call('GET', `${jobPath(name)}?next=5&runs=10`));
  io.out(options.json ? json(answer) : jobDetails(answer.job as Parameters<typeof jobDetails>[0]));
}

export async function next(name: string, count: number, options: TargetOptions, io: CliIo): Promise<void> {
  const answer = await withApi(options, (api) => api.call('GET', `${jobPath(name)}?next=${count}&runs=1`));
  const nextRuns = (answer.job as { nextRuns: string[] }).nextRuns;
  io.out(options.json ? json({ name, nextRuns }) : nextRuns.length === 0 ? `${name}: no next runs\n` : nextRuns.map((at) => `${at}\n`).join(''));
}

export async function setPaused(name: string, paused: boolean, options: TargetOptions, io: CliIo): Promise<void> {
  const answer = await withApi(options, (api) => api.call('POST', `${jobPath(name)}/${paused ? 'pause' : 'resume'}`));
  const job = answer.job as JobJson;
  io.out(options.json ? json(answer) : `${job.name}: ${job.state}${job.nextRunAt && job.state !== 'paused' ? `, next run ${job.nextRunAt}` : ''}\n`);
}

export async function remove(name: string, options: TargetOptions, io: CliIo): Promise<void> {
  const answer = await withApi(options, (api) => api.call('DELETE', jobPath(name)));
  io.out(options.json ? json(answer) : `${name}: deleted\n`);
}

export async function runNow(name: string, run: { delayMs: number; skipNext: boolean }, options: TargetOptions, io: CliIo): Promise<void> {
  const answer = await withApi(options, (api) => api.call('POST', `${jobPath(name)}/run`, run));
  const skipped = answer.nextRunAt === undefined ? '' : `; next regular run skipped, now ${String(answer.nextRunAt)}`;
  io.out(options.json ? json(answer) : `${name}: manual run at ${String(answer.runAt)}${skipped}\n`);
}

export async function orphans(remove: boolean, options: TargetOptions, io: CliIo): Promise<void> {
  const answer = await withApi(options, (api) => api.call(remove ? 'DELETE' : 'GET', '/api/orphans'));
  if (options.json) io.out(json(answer));
  else if (remove) {
    const deleted = answer.deleted as string[];
    io.out(deleted.length === 0 ? 'No orphans to delete.\n' : `Deleted ${deleted.length}: ${deleted.join(', ')}\n`);
  } else io.out(orphanTable(answer.orphans as Parameters<typeof orphanTable>[0]));
}

/** Validates without a scheduler; problems go to stderr (or in the JSON) and exit 1. */
export async function validate(file: string, options: { json?: boolean }, io: CliIo): Promise<number> {
  const result = await validateJobFile(file);
  if (result.ok) {
    const jobs = result.jobFile.jobs.map((j) => ({ name: j.name, type: j.type }));
    io.out(options.json ? json({ ok: true, file, jobs }) : `${file}: ok, ${jobs.length} job${jobs.length === 1 ? '' : 's'}: ${jobs.map((j) => j.name).join(', ')}\n`);
    return EXIT.ok;
  }
  const error: JobFileError = result.error;
  if (options.json) io.out(json({ ok: false, file, problems: error.problems }));
  else io.err(`${error.message}\n`);
  return EXIT.failure;
}

/** Brings the store's schema up to date (idempotent). */
export async function migrate(options: StoreChoice & { json?: boolean }, io: CliIo): Promise<void> {
  if (options.store === undefined && options.dataDir === undefined) throw new CliFailure('migrate needs --store postgres://… or --data-dir DIR', EXIT.usage);
  const store = openStore(options)!;
  try {
    const before = await reaching(options, () => store.schemaVersion());
    await reaching(options, () => store.migrate());
    const after = await store.schemaVersion();
    io.out(options.json ? json({ from: before.current, to: after.current, latest: after.latest })
      : before.current === after.current ? `Schema up to date (version ${after.current})\n` : `Schema migrated from version ${before.current} to ${after.current}\n`);
  } finally {
    await store.close();
  }
}
