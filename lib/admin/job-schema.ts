/**
 * Job files, step two: one job as written (ours or docassemble's form) → a JobDefinition:
 * the task type, its action, and task options as plain JSON (durations in ms, instants in
 * epoch ms), every problem collected with its line, job and key. The options are then checked
 * by building the task once, so a file is judged exactly as `add*Task` would judge it.
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import { describeValue } from '../errors.js';
import type { JobFileProblem } from '../errors.js';
import { TASK_CLASSES } from '../scheduler/durable/spec.js';
import { suggestKey } from '../tasks/key-hints.js';
import { Zone } from '../time/zone.js';
import type { Entry, RawJob } from './job-file-parse.js';
import { CRON_FIELDS, DURATION_EXPECTED, cronFieldText, durationMs, instantMs } from './job-values.js';

export type JobType = 'interval' | 'weekday' | 'monthday' | 'date' | 'cron';

/** A defined handler's name (`scheduler.define`), or a module export (`module` resolved to an absolute path). */
export type JobReference = string | { module: string; export: string };

/** One job, normalised: what `applyJobs` registers. Plain JSON throughout. */
export interface JobDefinition {
  name: string;
  type: JobType;
  action: JobReference;
  /** Task options without name, action and hooks: durations in ms, instants in epoch ms. */
  options: Record<string, unknown>;
  /** Called with `(error, job)` when a run fails (the job's own, else the file's). */
  errorHandler?: JobReference;
  /** An `around(run, next)` hook (docassemble's `contextmanager`). */
  around?: JobReference;
  /** Line of the job's name in its file; null when it came from no file. */
  line: number | null;
}

export interface SchemaContext {
  file: string;
  /** Relative `module` paths resolve against this directory (the job file's). */
  baseDir: string;
  /** The file's `timeZone`, for jobs without their own. */
  timeZone?: string;
  /** The file's `errorHandler`, for jobs without their own. */
  errorHandler?: JobReference;
}

const TYPES: readonly JobType[] = ['interval', 'weekday', 'monthday', 'date', 'cron'];
const TASK_TYPE = { interval: 'interval', weekday: 'weekday', monthday: 'monthday', date: 'single', cron: 'cron' } as const;

/** Keys read as they are (the task checks them). */
const PLAIN = ['processMethod', 'timeZone', 'priority', 'maxInstances', 'overlap', 'catchUp', 'maxCatchUp', 'enabled', 'maxRuns', 'queue',
  'onLost', 'maxAttempts', 'activeWindow', 'activeWeekdays', 'activeMonthdays', 'activeMonths', 'args'];
const DURATIONS = ['misfireGraceTime', 'timeout', 'jitter'];
const INSTANTS = ['startDate', 'endDate'];
const INTERVAL_UNITS = ['days', 'hours', 'minutes', 'seconds'];
const UNIT_MS: Readonly<Record<string, number>> = { days: 86_400_000, hours: 3_600_000, minutes: 60_000, seconds: 1000 };
const OWN = ['type', 'handler', 'module', 'export', 'kw', 'kwargs', 'errorHandler', 'error handler', 'around', 'contextmanager', 'dates'];
const BY_TYPE: Readonly<Record<JobType, readonly string[]>> = {
  interval: ['interval', 'initialDelay', ...INTERVAL_UNITS],
  weekday: ['weekdays', 'timeOnDay'],
  monthday: ['monthdays', 'timeOnDay'],
  date: ['at'],
  cron: ['cron', ...CRON_FIELDS],
};
/** Pairs that say the same thing: one of each may be given. */
const SYNONYMS: ReadonlyArray<[string, string]> = [['kw', 'kwargs'], ['errorHandler', 'error handler'], ['around', 'contextmanager'], ['handler', 'module']];

export function normalizeJob(raw: RawJob, ctx: SchemaContext): { job: JobDefinition | null; problems: JobFileProblem[] } {
  const problems: JobFileProblem[] = [];
  const at = (key: string | null, expected: string, given: string | null, line?: number | null): void => {
    problems.push({ file: ctx.file, line: line === undefined ? (key === null ? raw.line : raw.entries?.get(key)?.line ?? raw.line) : line, job: raw.name, key, expected, given });
  };
  if (raw.name.trim() === '') at(null, 'a non-empty job name', describeValue(raw.name));
  if (raw.entries === null) {
    at(null, 'a mapping of the job\'s keys (type, handler or module, ...)', describeValue(raw.value));
    return { job: null, problems };
  }
  const e = raw.entries;
  const get = (key: string): unknown => e.get(key)?.value;
  const type = get('type');
  if (!TYPES.includes(type as JobType)) {
    at('type', `one of ${TYPES.join(', ')}`, e.has('type') ? describeValue(type) : 'nothing', e.has('type') ? undefined : raw.line);
    return { job: null, problems };
  }
  const jobType = type as JobType;
  const allowed = [...PLAIN, ...DURATIONS, ...INSTANTS, ...OWN, ...BY_TYPE[jobType]];
  for (const key of e.keys()) {
    if (allowed.includes(key)) continue;
    const otherType = TYPES.find((t) => BY_TYPE[t].includes(key));
    const hint = otherType ? ` (\`${key}\` belongs to type ${otherType})` : suggestKey(key, allowed) ? ` (did you mean \`${suggestKey(key, allowed)}\`?)` : '';
    at(key, `a key of ${jobType === 'interval' ? 'an' : 'a'} ${jobType} job${hint}`, describeValue(key));
  }
  for (const [a, b] of SYNONYMS) if (e.has(a) && e.has(b)) at(b, `either \`${a}\` or \`${b}\`, not both`, describeValue(get(b)));

  const options: Record<string, unknown> = {};
  const keyOf: Record<string, string> = {};
  const guard = (key: string, fn: () => void): void => {
    try {
      fn();
    } catch (error) {
      problems.push(problemFrom(error, ctx.file, raw, key));
    }
  };
  for (const key of PLAIN) if (e.has(key)) options[key] = get(key);
  if (options.timeZone === undefined && ctx.timeZone !== undefined) options.timeZone = ctx.timeZone;
  const zone = zoneOf(options.timeZone, guard);
  for (const key of [...DURATIONS, 'interval', 'initialDelay']) if (e.has(key)) guard(key, () => (options[key] = durationMs(get(key), key)));
  if (zone !== null) {
    for (const key of [...INSTANTS, 'at']) if (e.has(key)) guard(key, () => (options[key] = instantMs(get(key), key, zone)));
    const dates = get('dates');
    if (e.has('dates') && !Array.isArray(dates)) at('dates', 'a list of date-times', describeValue(dates));
    else if (Array.isArray(dates)) guard('dates', () => (options.dates = dates.map((d, i) => instantMs(d, `dates[${i}]`, zone))));
  }
  const kwKey = e.has('kw') ? 'kw' : e.has('kwargs') ? 'kwargs' : undefined;
  if (kwKey) {
    options.kw = get(kwKey);
    keyOf.kw = kwKey;
  }
  for (const key of BY_TYPE[jobType]) if (e.has(key) && !(key in options) && ['weekdays', 'monthdays', 'timeOnDay', 'cron'].includes(key)) options[key] = get(key);

  if (jobType === 'interval') intervalOf(e, options, keyOf, at, guard);
  if (jobType === 'cron') cronOf(e, options, keyOf, at, guard);

  const action = referenceOf(e, raw.name, ctx, at);
  const errorHandler = hookOf(e, 'errorHandler', 'error handler', ctx, at) ?? ctx.errorHandler;
  const around = hookOf(e, 'around', 'contextmanager', ctx, at);
  if (problems.length > 0 || action === null) return { job: null, problems };

  const method = options.processMethod;
  if (typeof action === 'string' && (method === 'threaded' || method === 'forked')) {
    at('processMethod', `'sequential' or 'concurrent' for a \`handler\` (a defined function runs in this process; give \`module\` and \`export\` to run it in a thread or process)`, describeValue(method));
    return { job: null, problems };
  }
  guard('', () => {
    const taskAction = typeof action === 'string' ? standIn : action;
    new TASK_CLASSES[TASK_TYPE[jobType]]({ ...options, name: raw.name, action: taskAction });
  });
  if (problems.length > 0) return { job: null, problems };
  const job: JobDefinition = { name: raw.name, type: jobType, action, options, line: raw.line };
  if (errorHandler !== undefined) job.errorHandler = errorHandler;
  if (around !== undefined) job.around = around;
  return { job, problems };

  function problemFrom(error: unknown, file: string, job: RawJob, fallbackKey: string): JobFileProblem {
    const message = error instanceof Error ? error.message : String(error);
    const match = /^(?:Invalid `cron` expression: )?Expected `?([^`]+?)`? (?:to be |to name |in )?([\s\S]*?), got ([\s\S]*)$/.exec(message);
    if (match && message.startsWith('Invalid `cron`')) {
      const line = job.entries?.get('cron')?.line ?? job.line;
      return { file, line, job: job.name, key: fileKey('cron', fallbackKey), expected: `a cron expression with ${match[1]} ${match[2]}`, given: match[3]! };
    }
    const optionKey = match ? match[1]! : /`([^`]+)`/.exec(message)?.[1];
    const key = fileKey(optionKey, fallbackKey);
    const line = key === null ? job.line : job.entries?.get(key.replace(/\[\d+\]$/, ''))?.line ?? job.line;
    if (match) return { file, line, job: job.name, key, expected: match[2]!, given: match[3]! };
    return { file, line, job: job.name, key, expected: `a valid ${key === null ? 'job' : `\`${key}\``} (${message})`, given: null };
  }

  /** The key as the file wrote it, for an option the task named (`action.module` → `module`, `kw` → `kwargs`). */
  function fileKey(option: string | undefined, fallback: string): string | null {
    if (option === undefined) return fallback === '' ? null : fallback;
    const top = option.split(/[.[]/)[0]!;
    if (option.startsWith('action.')) return option.slice('action.'.length);
    if (top === 'action') return typeof action === 'string' || action === null ? 'handler' : 'module';
    if (keyOf[top] !== undefined) return keyOf[top]!;
    if (e.has(option)) return option;
    return e.has(top) ? top : fallback === '' ? null : fallback;
  }
}

function standIn(): void {}

function zoneOf(timeZone: unknown, guard: Guard): Zone | null {
  let zone: Zone | null = null;
  guard('timeZone', () => {
    zone = Zone.resolve(timeZone as string | undefined);
  });
  return zone;
}

type At = (key: string | null, expected: string, given: string | null, line?: number | null) => void;
type Guard = (key: string, fn: () => void) => void;

/** `interval` (our form) or docassemble's `days/hours/minutes/seconds`, summed. */
function intervalOf(e: Map<string, Entry>, options: Record<string, unknown>, keyOf: Record<string, string>, at: At, guard: Guard): void {
  const units = INTERVAL_UNITS.filter((k) => e.has(k));
  if (units.length === 0) {
    if (!e.has('interval')) at(null, `\`interval\` (${DURATION_EXPECTED}), or docassemble's days/hours/minutes/seconds`, 'neither');
    return;
  }
  if (e.has('interval')) {
    at(units[0]!, 'either `interval` or docassemble\'s days/hours/minutes/seconds, not both', describeValue(e.get(units[0]!)!.value));
    return;
  }
  let total = 0;
  for (const unit of units) {
    const value = e.get(unit)!.value;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      at(unit, `a number ≥ 0 of ${unit} (docassemble's interval; all units are summed)`, describeValue(value));
      return;
    }
    total += value * UNIT_MS[unit]!;
  }
  keyOf.interval = units[0]!;
  guard(units[0]!, () => (options.interval = durationMs(Math.round(total), 'interval')));
}

/** `cron` (an expression) or docassemble's month/day/weekday/hour/minute fields (missing ones are `*`). */
function cronOf(e: Map<string, Entry>, options: Record<string, unknown>, keyOf: Record<string, string>, at: At, guard: Guard): void {
  const fields = CRON_FIELDS.filter((k) => e.has(k));
  if (fields.length === 0) {
    if (!e.has('cron')) at(null, "`cron` (an expression like '*/5 * * * *'), or docassemble's month/day/weekday/hour/minute fields", 'neither');
    return;
  }
  if (e.has('cron')) {
    at(fields[0]!, 'either `cron` or docassemble\'s month/day/weekday/hour/minute fields, not both', describeValue(e.get(fields[0]!)!.value));
    return;
  }
  const parts: string[] = [];
  let ok = true;
  for (const field of CRON_FIELDS) {
    if (!e.has(field)) {
      parts.push('*');
      continue;
    }
    let text: string | undefined;
    guard(field, () => (text = cronFieldText(field, e.get(field)!.value)));
    if (text === undefined) ok = false;
    else parts.push(text);
  }
  if (ok) {
    options.cron = parts.join(' ');
    keyOf.cron = fields[0]!;
  }
}

/** The job's action: `handler`, or `module` + `export`, or (neither) the name before a space suffix (docassemble). */
function referenceOf(e: Map<string, Entry>, name: string, ctx: SchemaContext, at: At): JobReference | null {
  if (e.has('export') && !e.has('module')) {
    at('export', '`export` only with `module`', describeValue(e.get('export')!.value));
    return null;
  }
  if (e.has('module')) return moduleRef(e.get('module')!.value, e.has('export') ? e.get('export')!.value : 'default', 'module', 'export', ctx, at);
  if (e.has('handler')) {
    const handler = e.get('handler')!.value;
    if (typeof handler !== 'string' || handler.trim() === '') {
      at('handler', 'a defined handler\'s name (scheduler.define)', describeValue(handler));
      return null;
    }
    return handler;
  }
  // docassemble: `postgres_db_backup.run 1` runs the handler `postgres_db_backup.run`.
  return name.trim().split(/\s+/)[0] ?? name;
}

/** A hook: a defined handler's name, or `{ module, export }`. */
function hookOf(e: Map<string, Entry>, ours: string, theirs: string, ctx: SchemaContext, at: At): JobReference | undefined {
  const key = e.has(ours) ? ours : e.has(theirs) ? theirs : undefined;
  if (key === undefined) return undefined;
  return referenceValue(e.get(key)!.value, key, ctx, at) ?? undefined;
}

/** A file-level or job-level reference value: a name, or `{ module, export? }`. */
export function referenceValue(value: unknown, key: string, ctx: SchemaContext, at: At, line?: number | null): JobReference | null {
  if (typeof value === 'string' && value.trim() !== '') return value;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const { module, export: exported = 'default', ...rest } = value as Record<string, unknown>;
    const extra = Object.keys(rest)[0];
    if (extra === undefined) return moduleRef(module, exported, `${key}.module`, `${key}.export`, ctx, at, line);
  }
  at(key, 'a defined handler\'s name, or { module, export } (a module path relative to the job file)', describeValue(value), line);
  return null;
}

function moduleRef(module: unknown, exported: unknown, moduleKey: string, exportKey: string, ctx: SchemaContext, at: At, line?: number | null): JobReference | null {
  if (typeof module !== 'string' || module.trim() === '') {
    at(moduleKey, 'a module path (relative to the job file) or file: URL', describeValue(module), line);
    return null;
  }
  if (typeof exported !== 'string' || exported.trim() === '') {
    at(exportKey, 'the name of one of the module\'s exports', describeValue(exported), line);
    return null;
  }
  const path = /^(file|data|node):/.test(module) || isAbsolute(module) ? module : resolve(ctx.baseDir, module);
  return { module: path, export: exported };
}

/** The directory relative module paths in `file` resolve against. */
export function baseDirOf(file: string): string {
  return dirname(resolve(file));
}
