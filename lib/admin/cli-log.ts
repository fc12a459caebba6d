/**
 * `kronos run`'s log on stderr, filtered by the job file's `logLevel` (docassemble's `log
 * level`) or `--log-level`, which wins: the scheduler's logger gives `warning` and `error`
 * lines, and run events give `info` (a run succeeded) and `debug` (a run started) lines.
 * The command's own status lines (jobs loaded, the dashboard URL, stopping) are its output,
 * not log lines, and always printed.
 */
import { inspect } from 'node:util';
import type { Logger } from '../types.js';
import type { JobLogLevel } from './job-file.js';
import type { CliIo } from './cli-output.js';

const RANK: Readonly<Record<JobLogLevel, number>> = { debug: 10, info: 20, warning: 30, error: 40, critical: 50 };
export const LOG_LEVEL_NAMES = Object.keys(RANK) as JobLogLevel[];
/** Without a level in the file or on the command line: warnings and errors, as the library's default logger. */
export const DEFAULT_LOG_LEVEL: JobLogLevel = 'warning';

/** `--log-level`'s value as the job file reads it (any case, `warn` for `warning`); undefined when not a level. */
export function logLevelOf(value: string): JobLogLevel | undefined {
  const lower = value.toLowerCase();
  const level = lower === 'warn' ? 'warning' : lower;
  return (LOG_LEVEL_NAMES as string[]).includes(level) ? (level as JobLogLevel) : undefined;
}

export interface CliLog {
  readonly level: JobLogLevel;
  /** The logger to give the scheduler. */
  readonly logger: Logger;
  enabled(level: JobLogLevel): boolean;
  write(level: JobLogLevel, message: string, details?: unknown): void;
}

export function cliLog(level: JobLogLevel, io: CliIo): CliLog {
  const enabled = (at: JobLogLevel): boolean => RANK[at] >= RANK[level];
  const write = (at: JobLogLevel, message: string, details?: unknown): void => {
    if (!enabled(at)) return;
    io.err(`kronos: ${at}: ${message}${details === undefined ? '' : ` ${inspect(details, { depth: 2, breakLength: Infinity })}`}\n`);
  };
  return {
    level, enabled, write,
    logger: { warn: (message, details) => write('warning', message, details), error: (message, details) => write('error', message, details) },
  };
}

interface RunEvents {
  on(event: 'start', listener: (payload: { task: { name: string }; run: { kind: string; scheduledAt: Date } }) => void): unknown;
  on(event: 'success', listener: (payload: { task: { name: string }; durationMs: number }) => void): unknown;
}

/**
 * Run lines at `debug` and `info`. Only `start` and `success` are listened to: a listener on
 * `error`, `skip` or `missed` would take those over from the logger, which reports them.
 */
export function logRuns(scheduler: RunEvents, log: CliLog): void {
  if (log.enabled('debug')) {
    scheduler.on('start', ({ task, run }) => log.write('debug', `run started: ${task.name} (${run.kind}, slot ${run.scheduledAt.toISOString()})`));
  }
  if (log.enabled('info')) scheduler.on('success', ({ task, durationMs }) => log.write('info', `run succeeded: ${task.name} in ${Math.round(durationMs)} ms`));
}
