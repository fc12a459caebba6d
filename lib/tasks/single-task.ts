import { toInstant } from '../time/instant.js';
import type { TaskOptions } from './options.js';
import { Task } from './task.js';

const SINGLE_KEYS = ['at'];

export interface SingleTaskOptions extends TaskOptions {
  /** When to run: a Date or epoch milliseconds (within the Date range, ±8.64e15). */
  at: Date | number;
}

/** Runs once at `at`, then leaves the registry. A time already past is a misfire at once. */
export class SingleTask extends Task {
  readonly at: number;

  constructor(options: SingleTaskOptions) {
    super(options, SINGLE_KEYS);
    this.at = toInstant(options.at, 'at');
  }

  protected override ruleNext(after: number): number | null {
    return after < this.at ? this.at : null;
  }

  override firstRunAt(): number {
    return this.at;
  }
}
