import { inspect } from 'node:util';

/**
 * Every error the library throws on purpose. Each class builds its own message so that
 * call sites pass facts, not prose, and the wording stays the same everywhere.
 */

/**
 * Renders a value for an error message: `0` (number), `"x"` (string), `[1,2]` (array),
 * `Job` (class). Never throws, whatever the value (a revoked Proxy, a throwing getter).
 */
export function describeValue(value: unknown): string {
  try {
    return describe(value);
  } catch {
    return `a value that cannot be printed (${typeof value})`;
  }
}

function describe(value: unknown): string {
  if (value === null) return '`null`';
  if (value === undefined) return '`undefined`';
  if (typeof value === 'function') return `\`${value.name || 'anonymous'}\` (${isClass(value) ? 'class' : 'function'})`;
  if (typeof value === 'string') return `\`${JSON.stringify(value)}\` (string)`;
  if (typeof value === 'symbol' || typeof value === 'bigint') return `\`${value.toString()}\` (${typeof value})`;
  if (value instanceof Date) return `\`${Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString()}\` (Date)`;
  if (Array.isArray(value)) return `\`${safeJson(value)}\` (array)`;
  if (typeof value === 'object') {
    const ctor: unknown = Object.getPrototypeOf(value)?.constructor;
    return `\`${safeJson(value)}\` (${typeof ctor === 'function' && ctor.name ? ctor.name : 'object'})`;
  }
  return `\`${String(value)}\` (${typeof value})`;
}

function safeJson(value: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    // Cycles, BigInts and throwing toJSON: fall through to the tag.
  }
  if (text === undefined) text = Object.prototype.toString.call(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** A `class` declaration: typeof says 'function', but calling it without `new` throws. */
export function isClass(fn: unknown): boolean {
  if (typeof fn !== 'function') return false;
  // Every class has an own `prototype`; arrow, async and method functions (most actions) have
  // none, so they skip reading the source, which costs a string per task.
  if (!Object.hasOwn(fn, 'prototype')) return false;
  try {
    return /^class[\s{]/.test(Function.prototype.toString.call(fn));
  } catch {
    return false;
  }
}

/** ``TypeError: Expected `interval` to be a positive integer (ms), got `0` (number)`` */
export function invalidType(option: string, expected: string, given: unknown): TypeError {
  return new TypeError(`Expected \`${option}\` to be ${expected}, got ${describeValue(given)}`);
}

/** Same wording as {@link invalidType}, for a value of the right type but out of range. */
export function outOfRange(option: string, expected: string, given: unknown): RangeError {
  return new RangeError(`Expected \`${option}\` to be ${expected}, got ${describeValue(given)}`);
}

/** Base class: `instanceof SchedulerError` catches everything the scheduler itself raises. */
export class SchedulerError extends Error {
  override name = 'SchedulerError';
}

/** A task name that is already registered (pass `replace: true` to swap it). */
export class DuplicateTaskError extends SchedulerError {
  override name = 'DuplicateTaskError';
  constructor(readonly taskName: string) {
    super(`A task named "${taskName}" is already scheduled; cancel it first or pass \`replace: true\``);
  }
}

/** A name that no registered task has. */
export class TaskNotFoundError extends SchedulerError {
  override name = 'TaskNotFoundError';
  /** `verb`: what the caller wanted to do with it (`'pause'`), for the message. */
  constructor(readonly taskName: string, verb?: string) {
    super(verb === undefined ? `No task named "${taskName}" is scheduled` : `No task named "${taskName}" to ${verb}`);
  }
}

/** A run that did not finish within its task's `timeout`. */
export class TaskTimeoutError extends SchedulerError {
  override name = 'TaskTimeoutError';
  constructor(readonly taskName: string, readonly timeoutMs: number) {
    super(`Task "${taskName}" did not finish within its timeout of ${timeoutMs} ms`);
  }
}

/** A `nextRun` or `reschedule` that broke its contract; the task is marked `failed`. */
export class RescheduleError extends SchedulerError {
  override name = 'RescheduleError';
  constructor(readonly taskName: string, detail: string, options?: { cause?: unknown }) {
    super(`Task "${taskName}" could not be rescheduled: ${detail}`, options);
  }
}

/** A feature that exists in the API but is not available in this build or configuration. */
export class NotAvailableError extends SchedulerError {
  override name = 'NotAvailableError';
  constructor(feature: string, hint: string) {
    super(`${feature} is not available yet: ${hint}`);
  }
}

/** A run that was aborted because the scheduler stopped before it finished. */
export class RunAbortedError extends SchedulerError {
  override name = 'RunAbortedError';
  constructor(readonly taskName: string, reason: string) {
    super(`Run of task "${taskName}" was aborted: ${reason}`);
  }
}

/** One start-up hook that threw or rejected: its function name (or `anonymous`), its position, and what it threw. */
export interface FailedHook {
  hook: string;
  index: number;
  error: unknown;
}

/**
 * `startScheduler()` ran every start-up hook and started the scheduler, but some hooks
 * failed: a typo in `schedule()` must not leave an app running with fewer jobs and exit code 0.
 */
export class StartupError extends SchedulerError {
  override name = 'StartupError';
  constructor(readonly failures: readonly FailedHook[]) {
    const list = failures.map((f) => `${f.hook} (hook #${f.index}): ${(f.error instanceof Error ? describeError(f.error, false) : describeValue(f.error))}`).join('; ');
    const count = failures.length === 1 ? '1 start-up hook failed' : `${failures.length} start-up hooks failed`;
    super(`${count}: ${list}`, { cause: failures[0]?.error });
  }
}

/** An `around` hook called its `next()` more than once for one run; the action ran once. */
export class AroundNextError extends SchedulerError {
  override name = 'AroundNextError';
  constructor(readonly taskName: string) {
    super(`The around hook of task "${taskName}" called next() more than once; the action runs once per run`);
  }
}

/**
 * Describes any thrown value, for logs and messages, and never throws itself: whatever an
 * action throws (a getter that throws, a revoked Proxy, an object with no prototype) must
 * not turn reporting the failure into a second failure. Errors give their stack, or with
 * `withStack: false` a one-line `Name: message` to go inside another message.
 */
export function describeError(value: unknown, withStack = true): string {
  try {
    if (value instanceof Error) {
      const stack = withStack ? value.stack : undefined;
      if (typeof stack === 'string' && stack.length > 0) return stack;
      return `${String(value.name)}: ${String(value.message)}`;
    }
  } catch {
    // An Error subclass with hostile accessors: described below like any other value.
  }
  try {
    return inspect(value, { depth: 2, breakLength: Infinity });
  } catch (error) {
    return `[unprintable value: ${reasonOf(error)}]`;
  }
}

function reasonOf(error: unknown): string {
  try {
    return error instanceof Error ? String(error.message) : typeof error;
  } catch {
    return 'its description threw';
  }
}

// ---- off-thread execution --------------------------------------------------------------

/** What killed a worker, as far as the platform tells us. */
export interface WorkerCrashDetails {
  /** Exit code of the thread or process, when it exited. */
  exitCode?: number | null;
  /** Signal that killed the process (`'SIGKILL'`, `'SIGABRT'`...), when one did. */
  signal?: string | null;
  /** True when the worker ran out of heap (`resourceLimits` / `--max-old-space-size`). */
  outOfMemory?: boolean;
  /** The underlying error, when the worker reported one before dying. */
  cause?: unknown;
}

/**
 * A worker thread or child process died during a run (exit, signal, out of memory, an
 * uncaught error outside the action). Only that run fails; the worker is replaced.
 */
export class WorkerCrashError extends SchedulerError {
  override name = 'WorkerCrashError';
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly outOfMemory: boolean;

  constructor(readonly taskName: string, readonly where: 'thread' | 'process', details: WorkerCrashDetails = {}) {
    super(`The worker ${where} running task "${taskName}" died ${describeDeath(details)}`, { cause: details.cause });
    this.exitCode = details.exitCode ?? null;
    this.signal = details.signal ?? null;
    this.outOfMemory = details.outOfMemory === true;
  }
}

function describeDeath(details: WorkerCrashDetails): string {
  if (details.outOfMemory) return '(out of memory)';
  if (details.signal) return `(killed by ${details.signal})`;
  if (details.exitCode !== undefined && details.exitCode !== null) return `(exit code ${details.exitCode})`;
  const cause = details.cause instanceof Error ? details.cause.message : undefined;
  return cause ? `(${cause})` : '(no exit code reported)';
}

/** A module-referenced action whose module could not be imported or has no such export. */
export class ModuleLoadError extends SchedulerError {
  override name = 'ModuleLoadError';
  constructor(readonly module: string, readonly exportName: string, detail: string, options?: { cause?: unknown }) {
    super(`Cannot load action \`${exportName}\` from ${module}: ${detail}`, options);
  }
}

/** The thread or process hosting a ThreadedScheduler/ForkedScheduler died; it is restarted unless stopped. */
export class SchedulerCrashError extends SchedulerError {
  override name = 'SchedulerCrashError';
  constructor(readonly where: 'thread' | 'process', readonly exitCode: number | null, readonly signal: string | null) {
    super(`The scheduler ${where} died (${signal ? `killed by ${signal}` : `exit code ${String(exitCode)}`})`);
  }
}

// ---- the scheduler variants (ThreadedScheduler, ForkedScheduler) ----------------------

/** The host did not answer a request in time (its event loop is blocked, or it is gone). */
export class HostTimeoutError extends SchedulerError {
  override name = 'HostTimeoutError';
  constructor(readonly where: 'thread' | 'process', readonly op: string, readonly timeoutMs: number) {
    super(`The scheduler ${where} did not answer \`${op}\` within ${timeoutMs} ms (is an in-host action blocking its event loop?)`);
  }
}

/** A run that was going on when its host died. It is retried after the restart up to `maxAttempts`. */
export class RunLostError extends SchedulerError {
  override name = 'RunLostError';
  constructor(
    readonly taskName: string,
    readonly scheduledAt: Date,
    readonly attempt: number,
    readonly maxAttempts: number,
    readonly willRetry: boolean,
    readonly where: 'thread' | 'process',
    readonly exitCode: number | null,
    readonly signal: string | null,
  ) {
    const death = signal ? `killed by ${signal}` : `exit code ${String(exitCode)}`;
    const next = willRetry ? 'retried after the restart' : 'not retried';
    super(`Run of task "${taskName}" (scheduled ${scheduledAt.toISOString()}) was lost: the scheduler ${where} died (${death}); attempt ${attempt} of ${maxAttempts}, ${next}`);
  }
}

// ---- durable stores (PostgresStore, embedded PGlite) -----------------------------------

/**
 * An embedded data directory that another live process holds: PGlite has no lock of its own,
 * and two processes writing one directory lose rows silently. `pid` is null when the lock file
 * names no pid (its holder is still writing it, or it was not written by Kronos).
 */
export class StoreLockedError extends SchedulerError {
  override name = 'StoreLockedError';
  constructor(readonly pid: number | null, readonly lockPath: string) {
    super(pid === null
      ? `The data directory is locked by ${lockPath}, which names no process; if no process uses the directory, delete that file`
      : `The data directory is in use by process ${pid} (lock file ${lockPath}); stop it, or use another directory`);
  }
}

/** A store that needs an optional package the app has not installed (`pg`, `@electric-sql/pglite`). */
export class MissingDependencyError extends SchedulerError {
  override name = 'MissingDependencyError';
  constructor(readonly packageName: string, feature: string, options?: { cause?: unknown }) {
    super(`${feature} needs the optional package \`${packageName}\`: npm install ${packageName}`, options);
  }
}

// ---- durable schedules ---------------------------------------------------------------------

/** `scheduler.define(name, ...)` with a name already defined for another function. */
export class DuplicateHandlerError extends SchedulerError {
  override name = 'DuplicateHandlerError';
  constructor(readonly handlerName: string) {
    super(`A handler named "${handlerName}" is already defined with another function; define each name once per process`);
  }
}

/** An action given as a string that names no handler `define`d in this process. */
export class HandlerNotFoundError extends SchedulerError {
  override name = 'HandlerNotFoundError';
  constructor(readonly handlerName: string) {
    super(`No handler named "${handlerName}" is defined; call scheduler.define("${handlerName}", fn) first`);
  }
}

// ---- job files (admin) -------------------------------------------------------------------

/** One thing wrong in a job file: where, which job and key, what was expected and what was given. */
export interface JobFileProblem {
  file: string;
  /** 1-based line of the key (or of the job, or of the file's error); null when unknown. */
  line: number | null;
  /** The job's name as written in the file; null for the file's own keys. */
  job: string | null;
  /** The key as written in the file (`interval`, `error handler`); null for the job or file as a whole. */
  key: string | null;
  expected: string;
  /** The value given, described as in other option errors (`\`"5x"\` (string)`); null when nothing was. */
  given: string | null;
}

/**
 * A job file that cannot be applied, with every problem found (not only the first). Nothing
 * from the file was applied: files are validated whole before any job is registered.
 */
export class JobFileError extends SchedulerError {
  override name = 'JobFileError';
  constructor(readonly file: string, readonly problems: readonly JobFileProblem[]) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(`${file}: ${count}, nothing applied:\n${problems.map((p) => `  ${formatJobFileProblem(p)}`).join('\n')}`);
  }
}

/** `jobs.yaml:7: job "backup", key \`interval\`: expected ..., got ...` */
export function formatJobFileProblem(p: JobFileProblem): string {
  const where = p.line === null ? p.file : `${p.file}:${p.line}`;
  const what = [p.job === null ? undefined : `job ${JSON.stringify(p.job)}`, p.key === null ? undefined : `key \`${p.key}\``].filter(Boolean).join(', ');
  return `${where}: ${what ? `${what}: ` : ''}expected ${p.expected}${p.given === null ? '' : `, got ${p.given}`}`;
}
