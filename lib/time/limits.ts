/** Transitional: scheduler/jitter.ts imports `isAllowed` from here; limits live in rules/limits.ts. */
export { isAllowed } from './rules/limits.js';
