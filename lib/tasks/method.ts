import type { ProcessMethod } from '../types.js';

/** The process methods by name, as in Kronos' `scheduler.method`. */
export const method = Object.freeze({
  sequential: 'sequential',
  concurrent: 'concurrent',
  threaded: 'threaded',
  forked: 'forked',
} as const satisfies Record<ProcessMethod, ProcessMethod>);
