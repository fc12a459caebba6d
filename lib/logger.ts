import type { Logger } from './types.js';

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
