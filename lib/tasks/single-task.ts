import { toInstant } from '../internal/instant.js';
import { OnceRule } from '../time/rules/once.js';
import type { TaskOptions } from './options.js';
import { Task } from './task.js';
import { ruleFollows } from './next-slot.js';

const SINGLE_KEYS = ['at'];

export interface SingleTaskOptions extends TaskOptions {
  /** When to run: a Date or epoch milliseconds (within the Date range, ±8.64e15). */
  at: Date | number;
}

/** Runs once at `at`, then leaves the registry. A time already past is a misfire at once. */
export class SingleTask extends Task {
  readonly rule: OnceRule;

  constructor(options: SingleTaskOptions) {
    super(options, SINGLE_KEYS);
    this.rule = new OnceRule(toInstant(options.at, 'at'));
  }

  /** The instant to run at (epoch ms). */
  get at(): number {
    return this.rule.at;
  }

  protected override ruleNext(after: number): number | null {
    return this.rule.next(after);
  }

  static {
    ruleFollows(SingleTask);
  }

  override firstRunAt(): number {
    return this.rule.at;
  }
}
