/**
 * CronTask: a cron expression (5 fields, 6 with leading seconds, or 7 with seconds and a
 * trailing year) in a zone (rule: time/rules/cron.ts).
 *
 * Calendar policy: Vixie cron fields, including `L`, `W`, `#`, `#L` and `@daily`-style aliases,
 * `?` as `*` in any field (croner); day-of-month and day-of-week are OR-ed when both are
 * restricted, AND-ed when day of week starts with `+`. DST: a rule whose minute
 * and hour fields are fixed runs a gap time shifted forward and a fold time once (the earlier
 * instant); a rule with `*` or a step in minute or hour follows the clock, firing at each real
 * occurrence (both passes of a fold, none in a gap).
 */
import { CronRule, parseCron } from '../time/rules/cron.js';
import type { CronPattern } from '../time/rules/cron-pattern.js';
import { Zone } from '../time/zone.js';
import { CalendarTask } from './calendar-task.js';
import type { TaskOptions } from './options.js';

const CRON_KEYS = ['cron', 'timeZone'];

export interface CronTaskOptions extends TaskOptions {
  /** `'*\/5 * * * *'`, `'0 30 9 * * 1-5'` (with seconds), `'0 0 0 1 1 * 2027'` (and a year), `'@daily'`... Weekdays 0..7, Sunday = 0 and 7. */
  cron: string;
}

/**
 * The parser names the field and quotes the expression; the option's name goes in front, so
 * every task option error says which option it is about.
 */
function parseCronOption(cron: unknown): CronPattern {
  try {
    return parseCron(cron as string);
  } catch (error) {
    if (!(error instanceof RangeError || error instanceof TypeError) || error.message.startsWith('Expected `cron`')) throw error;
    const Kind = error instanceof RangeError ? RangeError : TypeError;
    throw new Kind(`Invalid \`cron\` expression: ${error.message}`, { cause: error });
  }
}

/** The shared rule for the expression and zone, parsing the expression only when there is none. */
function cronRule(options: CronTaskOptions): CronRule {
  // `timeZone` first, as for every task (it is a common option), then the expression.
  const zone = Zone.resolve(options.timeZone, 'timeZone');
  const cron = options.cron;
  return (typeof cron === 'string' ? CronRule.known(cron, zone) : undefined) ?? CronRule.of(parseCronOption(cron), zone);
}

export class CronTask extends CalendarTask<CronTaskOptions, CronRule> {
  constructor(options: CronTaskOptions) {
    super(options, CRON_KEYS, cronRule);
  }

  /** The expression as given. */
  get cron(): string {
    return this.rule.expression;
  }
}
