/**
 * Cron syntax → value sets. Five fields (minute hour day-of-month month day-of-week), six
 * (leading seconds) or seven (leading seconds, trailing year 1..9999); `*` and `?` (any value,
 * in every field, as croner and cron-parser read it), values, names (`jan`..`dec`,
 * `sun`..`sat`), ranges `a-b`, steps `*\/n`, `a-b/n`, `a/n`, lists, and in the day fields
 * `L`, `L-n`, `nW`, `LW` (day of month) and `nL`, `n#L`, `n#k` (day of week, where n may be a
 * range: `MON-FRI#2`), plus a `+` before day of week to require both day fields (croner).
 * Day of week is 0..7, 0 and 7 = Sunday; a range ending in `sun` ends at 7 (`MON-SUN`).
 * Every error names the field and quotes the whole expression.
 */

export interface CronFields {
  /** Allowed values per field, as flags indexed by value (day of week: 0 = Sunday .. 6). */
  seconds: boolean[];
  minutes: boolean[];
  hours: boolean[];
  days: boolean[];
  months: boolean[];
  weekdays: boolean[];
  /** `L` / `L-n`: n days before the month's last day (0 = the last day). */
  lastDayOffsets: number[];
  /** `nW`: the weekday nearest day n, within the month; `LW` is stored as 0. */
  nearestWeekdays: number[];
  /** `nL`: the last such weekday of the month (0 = Sunday). */
  lastWeekdays: number[];
  /** `n#k`: the k-th such weekday of the month, as [weekday, k]. */
  nthWeekdays: Array<[number, number]>;
  /** Crontab(5): a day field is restricted unless it starts with `*` or `?`. */
  daysRestricted: boolean;
  weekdaysRestricted: boolean;
  /**
   * How the day fields combine: `'either'` when both are restricted and day of week has no
   * `+` prefix (Vixie cron's OR), otherwise `'both'`.
   */
  dayCombine: 'either' | 'both';
  /** Allowed years in ascending order (a seven-field expression), or null for any year. */
  years: number[] | null;
  /** Neither the minute nor the hour field has `*`, `?` or a step (see docs/time-semantics.md). */
  fixedTime: boolean;
  hasSeconds: boolean;
}

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
  namesFrom?: number;
}

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

const SECOND: FieldSpec = { name: 'second', min: 0, max: 59 };
const MINUTE: FieldSpec = { name: 'minute', min: 0, max: 59 };
const HOUR: FieldSpec = { name: 'hour', min: 0, max: 23 };
const DAY: FieldSpec = { name: 'day of month', min: 1, max: 31 };
const MONTH: FieldSpec = { name: 'month', min: 1, max: 12, names: MONTH_NAMES, namesFrom: 1 };
const WEEKDAY: FieldSpec = { name: 'day of week', min: 0, max: 7, names: DAY_NAMES, namesFrom: 0 };
/** croner's range (OCPS 1.2); past years simply never match. */
const YEAR: FieldSpec = { name: 'year', min: 1, max: 9999 };
const FIELD_COUNTS = '5 fields (minute hour day-of-month month day-of-week), 6 (with leading seconds) or 7 (seconds first, year last)';

const CRON_ALIASES: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

class CronSyntax {
  constructor(readonly expression: string) {}

  fail(what: string, got: string): RangeError {
    return new RangeError(`Expected ${what} in ${JSON.stringify(this.expression)}, got ${got}`);
  }
}

export function parseCronFields(expression: string): CronFields {
  const source = expression.trim();
  const syntax = new CronSyntax(expression);
  let text = source;
  if (source.startsWith('@')) {
    const alias = source.toLowerCase();
    if (alias === '@reboot') {
      throw new RangeError(`Expected a schedule in ${JSON.stringify(expression)}, got "@reboot": to run code when the scheduler starts, use callOnStartup()`);
    }
    const expanded = CRON_ALIASES[alias];
    if (expanded === undefined) throw syntax.fail(`one of ${Object.keys(CRON_ALIASES).join(', ')}`, JSON.stringify(source));
    text = expanded;
  }
  const parts = text === '' ? [] : text.split(/\s+/);
  if (parts.length < 5 || parts.length > 7) throw syntax.fail(FIELD_COUNTS, `${parts.length}`);
  const hasSeconds = parts.length >= 6;
  const [sec, min, hour, dom, mon, dowField, year = '*'] = (hasSeconds ? parts : ['0', ...parts]) as [string, string, string, string, string, string, string?];
  const others: Array<[string, string]> = [['second', sec], ['minute', min], ['hour', hour], ['day of month', dom], ['month', mon], ['year', year]];
  for (const [name, value] of others) {
    if (value.startsWith('+')) {
      throw syntax.fail('the + prefix (both day fields must match) only before day of week', `${name} ${JSON.stringify(value)}`);
    }
  }
  const both = dowField.startsWith('+');
  const dow = both ? dowField.slice(1) : dowField;
  if (both && dow === '') throw syntax.fail('day of week after the + prefix', JSON.stringify(dowField));
  const daysRestricted = !/^[*?]/.test(dom);
  const weekdaysRestricted = !/^[*?]/.test(dow);
  const fields: CronFields = {
    seconds: parseSimple(syntax, SECOND, sec),
    minutes: parseSimple(syntax, MINUTE, min),
    hours: parseSimple(syntax, HOUR, hour),
    days: new Array<boolean>(32).fill(false),
    months: parseSimple(syntax, MONTH, mon),
    weekdays: new Array<boolean>(8).fill(false),
    lastDayOffsets: [],
    nearestWeekdays: [],
    lastWeekdays: [],
    nthWeekdays: [],
    daysRestricted,
    weekdaysRestricted,
    dayCombine: daysRestricted && weekdaysRestricted && !both ? 'either' : 'both',
    years: parseYears(syntax, year),
    fixedTime: !/[*?/]/.test(min) && !/[*?/]/.test(hour),
    hasSeconds,
  };
  parseDays(syntax, dom, fields);
  parseWeekdays(syntax, dow, fields);
  return fields;
}

function parseSimple(syntax: CronSyntax, spec: FieldSpec, field: string): boolean[] {
  const flags = new Array<boolean>(spec.max + 1).fill(false);
  for (const item of field.split(',')) parseItem(syntax, spec, item, flags);
  return flags;
}

/** `*`/`?` stand for every year as null, so the search never scans a list of 9999. */
function parseYears(syntax: CronSyntax, field: string): number[] | null {
  if (field === '*' || field === '?') return null;
  const flags = new Array<boolean>(YEAR.max + 1).fill(false);
  for (const item of field.split(',')) {
    // `*\/2` would count from year 1 (odd years): too easy to misread, so a start is required.
    if (/^[*?]\//.test(item)) throw syntax.fail('a year step from a start year (2024/2 or 2024-2030/2)', JSON.stringify(item));
    parseItem(syntax, YEAR, item, flags);
  }
  return flags.flatMap((on, y) => (on ? [y] : []));
}

/** Sets the flags of one list item; errors quote `quote` (the item, or the larger item holding it). */
function parseItem(syntax: CronSyntax, spec: FieldSpec, item: string, flags: boolean[], quote = item): void {
  if (item === '') throw syntax.fail(`a ${spec.name} value, range or step`, 'an empty list item');
  const slash = item.indexOf('/');
  const base = slash < 0 ? item : item.slice(0, slash);
  let step = 1;
  if (slash >= 0) {
    const stepText = item.slice(slash + 1);
    step = /^\d+$/.test(stepText) ? Number(stepText) : Number.NaN;
    if (!(step >= 1 && step <= spec.max - spec.min + 1)) {
      throw syntax.fail(`a ${spec.name} step 1–${spec.max - spec.min + 1}`, JSON.stringify(quote));
    }
  }
  let from: number;
  let to: number;
  if (base === '*' || base === '?') {
    from = spec.min;
    to = spec.max;
  } else {
    const dash = base.indexOf('-', 1);
    from = parseValue(syntax, spec, dash < 0 ? base : base.slice(0, dash), quote);
    to = dash < 0 ? (slash >= 0 ? spec.max : from) : parseValue(syntax, spec, base.slice(dash + 1), quote);
    // `MON-SUN`: a named Sunday closing a range is the 7 at the week's end, not the 0 at its start.
    if (spec === WEEKDAY && to === 0 && from > 0 && !/^\d+$/.test(base.slice(dash + 1))) to = 7;
    if (from > to) throw syntax.fail(`a ${spec.name} range from low to high`, JSON.stringify(quote));
  }
  for (let v = from; v <= to; v += step) flags[v] = true;
}

function parseValue(syntax: CronSyntax, spec: FieldSpec, text: string, item: string): number {
  let value: number;
  if (/^\d+$/.test(text)) value = Number(text);
  else {
    const index = spec.names?.indexOf(text.toLowerCase()) ?? -1;
    if (index < 0) {
      const names = spec.names ? ` or ${spec.names[0]}..${spec.names[spec.names.length - 1]}` : '';
      throw syntax.fail(`${spec.name} ${spec.min}–${spec.max}${names}`, JSON.stringify(item));
    }
    value = index + (spec.namesFrom ?? 0);
  }
  if (value < spec.min || value > spec.max) {
    throw syntax.fail(`${spec.name} ${spec.min}–${spec.max}`, text === item ? `${value}` : JSON.stringify(item));
  }
  return value;
}

function parseDays(syntax: CronSyntax, field: string, fields: CronFields): void {
  for (const item of field.split(',')) {
    const upper = item.toUpperCase();
    const last = /^L(?:-(\d+))?$/.exec(upper);
    if (last) {
      const offset = last[1] === undefined ? 0 : Number(last[1]);
      if (offset > 30) throw syntax.fail('day of month L-0 to L-30', JSON.stringify(item));
      fields.lastDayOffsets.push(offset);
    } else if (upper === 'LW') {
      fields.nearestWeekdays.push(0);
    } else if (upper.endsWith('W')) {
      const day = parseValue(syntax, DAY, item.slice(0, -1), item);
      fields.nearestWeekdays.push(day);
    } else {
      parseItem(syntax, DAY, item, fields.days);
    }
  }
}

function parseWeekdays(syntax: CronSyntax, field: string, fields: CronFields): void {
  const flags = fields.weekdays;
  for (const item of field.split(',')) {
    const hash = item.indexOf('#');
    if (hash >= 0) {
      const nth = item.slice(hash + 1).toUpperCase();
      if (nth !== 'L' && !/^[1-5]$/.test(nth)) throw syntax.fail('day of week n#k with k 1–5', JSON.stringify(item));
      for (const weekday of weekdaysBefore(syntax, item.slice(0, hash), item, 'n#k', '#')) {
        if (nth === 'L') fields.lastWeekdays.push(weekday);
        else fields.nthWeekdays.push([weekday, Number(nth)]);
      }
    } else if (/^L$/i.test(item)) {
      throw syntax.fail('day of week nL (last such weekday, e.g. 5L = last Friday)', JSON.stringify(item));
    } else if (/L$/i.test(item)) {
      fields.lastWeekdays.push(...weekdaysBefore(syntax, item.slice(0, -1), item, 'nL', 'L'));
    } else {
      parseItem(syntax, WEEKDAY, item, flags);
    }
  }
  // 7 is another name for Sunday.
  if (flags[7]) flags[0] = true;
  flags.length = 7;
}

/**
 * The weekdays (0 = Sunday .. 6) named before a `#k`, `#L` or `L` suffix: a value, name, range
 * or stepped range, each weekday taking the suffix (croner: `MON-FRI#2`, `5-6#L`). `*` or `?`
 * there would mean "the k-th of every weekday", which no peer documents, so it is refused.
 */
function weekdaysBefore(syntax: CronSyntax, base: string, item: string, form: string, mark: string): number[] {
  if (base === '' || /^[*?]/.test(base)) {
    throw syntax.fail(`day of week ${form} with a weekday, name or range before ${mark}`, JSON.stringify(item));
  }
  const flags = new Array<boolean>(8).fill(false);
  parseItem(syntax, WEEKDAY, base, flags, item);
  if (flags[7]) flags[0] = true;
  return flags.slice(0, 7).flatMap((on, d) => (on ? [d] : []));
}
