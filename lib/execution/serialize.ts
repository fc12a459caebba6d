/**
 * Errors crossing a thread or process boundary travel as plain objects (name, message,
 * stack and any other own data such as `code` or `exitCode`) and are revived on the other
 * side; the library's own error classes come back as instances of themselves.
 */
import * as coreErrors from '../errors.js';
import { ModuleLoadError, WorkerCrashError } from '../errors.js';

export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  [key: string]: unknown;
}

const KNOWN: Record<string, { prototype: Error }> = {
  ModuleLoadError,
  WorkerCrashError,
  SchedulerError: coreErrors.SchedulerError,
  TaskTimeoutError: coreErrors.TaskTimeoutError,
  RunAbortedError: coreErrors.RunAbortedError,
  TaskNotFoundError: coreErrors.TaskNotFoundError,
  DuplicateTaskError: coreErrors.DuplicateTaskError,
  RescheduleError: coreErrors.RescheduleError,
  NotAvailableError: coreErrors.NotAvailableError,
  TypeError,
  RangeError,
  SyntaxError,
  ReferenceError,
};

/** A structured-cloneable (and JSON-safe) description of any thrown value. */
export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) {
    return { name: 'Error', message: typeof error === 'string' ? error : `Non-error thrown: ${safeString(error)}` };
  }
  const out: SerializedError = { name: error.name, message: error.message };
  if (error.stack !== undefined) out.stack = error.stack;
  for (const key of Object.keys(error)) {
    if (key === 'cause' || key in out) continue;
    const value = (error as unknown as Record<string, unknown>)[key];
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) out[key] = value;
  }
  if (error.cause !== undefined) out.cause = serializeError(error.cause);
  return out;
}

/** Rebuilds an Error from {@link serializeError}'s output (or workerpool's equivalent). */
export function reviveError(data: unknown): Error {
  if (typeof data !== 'object' || data === null) return new Error(String(data));
  const source = data as Partial<SerializedError>;
  const known = typeof source.name === 'string' ? KNOWN[source.name] : undefined;
  const error = (known ? Object.create(known.prototype) : new Error(String(source.message ?? ''))) as Error;
  // workerpool hands back an Error whose message and stack are own but not enumerable.
  const keys = new Set(['name', 'message', 'stack', ...Object.keys(source)]);
  for (const key of keys) {
    if (!(key in source)) continue;
    const value = source[key];
    const revived = key === 'cause' && typeof value === 'object' && value !== null ? reviveError(value) : value;
    Object.defineProperty(error, key, { value: revived, writable: true, configurable: true, enumerable: key !== 'stack' && key !== 'message' });
  }
  return error;
}

function safeString(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
