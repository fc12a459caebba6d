import { inspect } from 'node:util';
import createDebug from 'debug';
import { describeError } from '../errors.js';
import type { Logger } from '../types.js';

const debug = createDebug('kronos:logger');

/**
 * The default logger writes to stderr, so that failures with no `error` listener are never
 * invisible. It is the one place in lib/ allowed to use the console.
 */
export const consoleLogger: Logger = {
  warn(message, details) {
    if (details === undefined) console.warn(`[kronos] ${message}`);
    else console.warn(`[kronos] ${message}`, details);
  },
  error(message, details) {
    if (details === undefined) console.error(`[kronos] ${message}`);
    else console.error(`[kronos] ${message}`, details);
  },
};

/** A logger that drops everything: handy in tests that assert on events instead. */
export const silentLogger: Logger = {
  warn() {},
  error() {},
};

/** Whether the console could print `value` (util.inspect is what console.* uses). */
function printable(value: unknown): boolean {
  try {
    inspect(value, { depth: 2 });
    return true;
  } catch {
    return false;
  }
}

const guarded = new WeakSet<Logger>();

/**
 * Wraps a logger so that no call ever throws: details the console could not print are
 * replaced by {@link describeError}'s text, and a logger that throws by itself is retried
 * once with that text, then given up on (to `debug`). Every logger call in the scheduler
 * goes through one of these, so a hostile error value can neither kill the process nor
 * stop the loop.
 */
export function guardLogger(logger: Logger): Logger {
  if (guarded.has(logger)) return logger;
  const safe: Logger = {
    warn: (message, details) => logSafely(logger, 'warn', message, details),
    error: (message, details) => logSafely(logger, 'error', message, details),
  };
  guarded.add(safe);
  return safe;
}

function logSafely(logger: Logger, level: 'warn' | 'error', message: string, details: unknown): void {
  const given = details === undefined || printable(details) ? details : describeError(details);
  try {
    if (given === undefined) logger[level](message);
    else logger[level](message, given);
    return;
  } catch (error) {
    debug('logger.%s threw: %s', level, describeError(error));
  }
  if (given === undefined || typeof given === 'string') return;
  try {
    logger[level](message, describeError(given));
  } catch (error) {
    debug('logger.%s threw again: %s', level, describeError(error));
  }
}
