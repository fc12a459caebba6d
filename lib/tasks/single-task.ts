import { invalidType } from '../errors.js';
import type { TaskOptions } from './options.js';
import { Task } from './task.js';

const SINGLE_KEYS = ['at'];

export interface SingleTaskOptions extends TaskOptions {
  /** When to run: a Date or epoch milliseconds. */
  at: Date | number;
}

/** Runs once at `at`, then leaves the registry. A time already past is a misfire at once. */
export class SingleTask extends Task {
  readonly at: number;

  constructor(options: SingleTaskOptions) {
    super(options, SINGLE_KEYS);
    const at = options.at instanceof Date ? options.at.getTime() : options.at;
    if (typeof at !== 'number' || !Number.isFinite(at)) throw invalidType('at', 'a valid Date or epoch milliseconds', options.at);
    this.at = at;
  }

  protected override ruleNext(after: number): number | null {
    return after < this.at ? this.at : null;
  }

  override firstRunAt(): number {
    return this.at;
  }
}
