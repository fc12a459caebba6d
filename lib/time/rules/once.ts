/** One instant, `at`: the next run after anything earlier, then nothing. */
import type { Rule } from './rule.js';

export class OnceRule implements Rule {
  constructor(readonly at: number) {}

  next(after: number): number | null {
    return after < this.at ? this.at : null;
  }
}
