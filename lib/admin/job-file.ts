/**
 * Job files (YAML or JSON): read and validate them whole, then register every job on a
 * scheduler with `source: 'file'`. Reading is job-file-parse.ts, each job's keys are
 * job-schema.ts, and applying (memory or durable, upsert and prune) is job-apply.ts.
 */
import { readFile } from 'node:fs/promises';
import { JobFileError, describeValue } from '../errors.js';
import type { JobFileProblem } from '../errors.js';
import type { Scheduler } from '../scheduler/scheduler.js';
import type { Store } from '../store/store.js';
import { Zone } from '../time/zone.js';
import { applyJobs } from './job-apply.js';
import type { ApplyOptions, ApplySummary } from './job-apply.js';
import { parseJobText } from './job-file-parse.js';
import type { Entry, RawFile } from './job-file-parse.js';
import { baseDirOf, normalizeJob, referenceValue } from './job-schema.js';
import type { JobDefinition, JobReference } from './job-schema.js';

/** docassemble's `log level` values (any case; `warn` is read as `warning`). */
export type JobLogLevel = 'debug' | 'info' | 'warning' | 'error' | 'critical';
const LOG_LEVELS: readonly JobLogLevel[] = ['debug', 'info', 'warning', 'error', 'critical'];

/** A validated job file: its jobs, normalised, and its file-level settings. */
export interface JobFile {
  /** The path as given (it names the file in errors). */
  file: string;
  jobs: JobDefinition[];
  /** The file's `timeZone`: the default of jobs without their own. */
  timeZone?: string;
  /** The file's error handler: the default of jobs without their own. */
  errorHandler?: JobReference;
  /** `log level` / `logLevel`, for the program that runs the file (the library logs through its logger). */
  logLevel?: JobLogLevel;
}

export type JobFileValidation = { ok: true; jobFile: JobFile } | { ok: false; error: JobFileError };

/**
 * Parses and validates job-file text; throws a JobFileError listing every problem. `file`
 * names it in errors; relative module paths resolve against `baseDir` (default: `file`'s directory).
 */
export function parseJobFile(text: string, file: string, baseDir = baseDirOf(file)): JobFile {
  const { raw, problems } = parseJobText(text, file);
  if (raw === null) throw new JobFileError(file, problems);
  const jobFile: JobFile = { file, jobs: [] };
  fileSettings(raw, jobFile, baseDir, problems);
  const ctx = { file, baseDir, ...(jobFile.timeZone === undefined ? {} : { timeZone: jobFile.timeZone }), ...(jobFile.errorHandler === undefined ? {} : { errorHandler: jobFile.errorHandler }) };
  for (const rawJob of raw.jobs) {
    const result = normalizeJob(rawJob, ctx);
    problems.push(...result.problems);
    if (result.job) jobFile.jobs.push(result.job);
  }
  if (raw.jobs.length === 0) problems.push({ file, line: null, job: null, key: raw.form, expected: 'at least one job', given: 'none' });
  // In file order (a job's problems are found key group by key group).
  if (problems.length > 0) throw new JobFileError(file, problems.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity)));
  return jobFile;
}

/** Reads and validates the file at `path`; throws a JobFileError listing every problem. */
export async function readJobFile(path: string): Promise<JobFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new JobFileError(path, [{ file: path, line: null, job: null, key: null, expected: 'a readable job file', given: reason }]);
  }
  return parseJobFile(text, path);
}

/** Parses and validates the file at `path` without a scheduler (`kronos validate`). */
export async function validateJobFile(path: string): Promise<JobFileValidation> {
  try {
    return { ok: true, jobFile: await readJobFile(path) };
  } catch (error) {
    if (error instanceof JobFileError) return { ok: false, error };
    throw error;
  }
}

/**
 * One job entry as a job file writes it, with its name (`{ name, type, ... }`, the HTTP API's
 * body); throws a JobFileError (file `source`, no lines) naming each bad key.
 */
export function validateJob(entry: Record<string, unknown>, options: { baseDir?: string; source?: string; timeZone?: string } = {}): JobDefinition {
  const file = options.source ?? '<job>';
  const { name, ...rest } = entry;
  if (typeof name !== 'string' || name.trim() === '') {
    throw new JobFileError(file, [{ file, line: null, job: null, key: 'name', expected: 'a non-empty job name', given: describeValue(name) }]);
  }
  const entries = new Map<string, Entry>(Object.entries(rest).map(([key, value]) => [key, { value, line: null }]));
  const ctx = { file, baseDir: options.baseDir ?? process.cwd(), ...(options.timeZone === undefined ? {} : { timeZone: options.timeZone }) };
  const { job, problems } = normalizeJob({ name, line: null, entries }, ctx);
  if (job === null) throw new JobFileError(file, problems);
  return job;
}

/**
 * Reads the job file at `path` and applies it to `scheduler` (see applyJobs): every job is
 * registered with `source: 'file'`, and file jobs no longer in the file are removed. An invalid
 * file changes nothing and rejects with a JobFileError.
 */
export async function loadJobFile<S extends Store>(scheduler: Scheduler<S>, path: string, options: ApplyOptions = {}): Promise<ApplySummary> {
  return applyJobs(scheduler, await readJobFile(path), options);
}

function fileSettings(raw: RawFile, out: JobFile, baseDir: string, problems: JobFileProblem[]): void {
  const g = raw.globals;
  const at = (key: string | null, expected: string, given: string | null, line?: number | null): void => {
    problems.push({ file: out.file, line: line ?? (key === null ? null : g.get(key)?.line ?? null), job: null, key, expected, given });
  };
  const tz = g.get('timeZone');
  if (tz !== undefined) {
    try {
      Zone.resolve(tz.value as string);
      out.timeZone = tz.value as string;
    } catch (error) {
      at('timeZone', (error as Error).message.replace(/^Expected `timeZone` to be (.*), got .*$/s, '$1'), describeValue(tz.value));
    }
  }
  const handlerKey = g.has('errorHandler') ? 'errorHandler' : g.has('error handler') ? 'error handler' : undefined;
  if (g.has('errorHandler') && g.has('error handler')) at('error handler', 'either `errorHandler` or `error handler`, not both', describeValue(g.get('error handler')!.value));
  else if (handlerKey !== undefined) {
    const entry = g.get(handlerKey)!;
    const ref = referenceValue(entry.value, handlerKey, { file: out.file, baseDir }, at, entry.line);
    if (ref !== null) out.errorHandler = ref;
  }
  const levelKey = g.has('logLevel') ? 'logLevel' : g.has('log level') ? 'log level' : undefined;
  if (levelKey !== undefined) {
    const value = g.get(levelKey)!.value;
    const level = typeof value === 'string' ? value.toLowerCase().replace(/^warn$/, 'warning') : value;
    if (LOG_LEVELS.includes(level as JobLogLevel)) out.logLevel = level as JobLogLevel;
    else at(levelKey, `one of ${LOG_LEVELS.join(', ')} (any case)`, describeValue(value));
  }
}

export { applyJobs };
export type { ApplyOptions, ApplySummary };
