/**
 * CronTask: a cron expression (5 fields, 6 with leading seconds, or 7 with seconds and a
 * trailing year) in a zone.
 *
 * Calendar policy: Vixie cron fields, including `L`, `W`, `#`, `#L` and `@daily`-style aliases,
 * `?` as `*` in any field (croner); day-of-month and day-of-week are OR-ed when both are
 * restricted, AND-ed when day of week starts with `+`. DST: a rule whose minute
 * and hour fields are fixed runs a gap time shifted forward and a fold time once (the earlier
 * instant); a rule with `*` or a step in minute or hour follows the clock, firing at each real
 * occurrence (both passes of a fold, none in a gap).
 */
import { parseCron, nextCron } from '../time/cron.js';
import type { CronRule } from '../time/cron.js';
import { Zone } from '../time/zoned.js';
import { nextRunOf } from './task.js';
import { Task } from './task.js';
import type { TaskOptions } from './options.js';

const CRON_KEYS = ['cron'];

export interface CronTaskOptions extends TaskOptions {
  /** `'*\/5 * * * *'`, `'0 30 9 * * 1-5'` (with seconds), `'0 0 0 1 1 * 2027'` (and a year), `'@daily'`... Weekdays 0..7, Sunday = 0 and 7. */
  cron: string;
}

/**
 * The parser names the field and quotes the expression; the option's name goes in front, so
 * every task option error says which option it is about.
 */
function parseCronOption(cron: unknown): CronRule {
  try {
    return parseCron(cron as string);
  } catch (error) {
    if (!(error instanceof RangeError || error instanceof TypeError) || error.message.startsWith('Expected `cron`')) throw error;
    const Kind = error instanceof RangeError ? RangeError : TypeError;
    throw new Kind(`Invalid \`cron\` expression: ${error.message}`, { cause: error });
  }
}

export class CronTask extends Task {
  readonly cron: string;
  readonly rule: CronRule;
  readonly zone: Zone;

  constructor(options: CronTaskOptions) {
    super(options, CRON_KEYS);
    this.rule = parseCronOption(options.cron);
    this.cron = this.rule.expression;
    this.zone = Zone.resolve(options.timeZone, 'timeZone');
  }

  get timeZone(): string {
    return this.zone.id;
  }

  protected override ruleNext(after: number): number | null {
    return nextCron(this.rule, after, this.zone);
  }

  /** Calendar rules have no anchor: the next slot after `t` is simply the next match. */
  override slotAfter(anchor: number, t: number): number | null {
    return anchor > t ? anchor : nextRunOf(this, t);
  }
}
