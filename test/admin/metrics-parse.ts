/**
 * A strict parser for the Prometheus text exposition format 0.0.4, for the metrics tests (no
 * maintained parser package is installed). It throws on anything the format does not allow:
 * bad names, unescaped label values, a sample before its TYPE, a family split in two, a
 * duplicate series, and histograms whose buckets are not cumulative or do not end in +Inf = _count.
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  name: string;
  type: string;
  help: string | undefined;
  samples: Sample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

function parseValue(text: string, line: number): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (text === 'NaN') return NaN;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) throw new Error(`line ${line}: bad value ${JSON.stringify(text)}`);
  return Number(text);
}

/** `{a="x",b="y\"z"}` → labels; `rest` is what follows the closing brace. */
function parseLabels(text: string, line: number): { labels: Record<string, string>; rest: string } {
  const labels: Record<string, string> = {};
  let i = 1;
  for (;;) {
    if (text[i] === '}') return { labels, rest: text.slice(i + 1) };
    const eq = text.indexOf('=', i);
    if (eq < 0) throw new Error(`line ${line}: label without '='`);
    const key = text.slice(i, eq);
    if (!LABEL.test(key) || key.startsWith('__')) throw new Error(`line ${line}: bad label name ${JSON.stringify(key)}`);
    if (key in labels) throw new Error(`line ${line}: label ${key} twice`);
    if (text[eq + 1] !== '"') throw new Error(`line ${line}: label value not quoted`);
    let value = '';
    let j = eq + 2;
    for (;;) {
      const c = text[j];
      if (c === undefined) throw new Error(`line ${line}: unterminated label value`);
      if (c === '"') break;
      if (c === '\\') {
        const next = text[j + 1];
        if (next === '\\') value += '\\';
        else if (next === '"') value += '"';
        else if (next === 'n') value += '\n';
        else throw new Error(`line ${line}: bad escape \\${String(next)}`);
        j += 2;
      } else {
        value += c;
        j++;
      }
    }
    labels[key] = value;
    i = j + 1;
    if (text[i] === ',') i++;
    else if (text[i] !== '}') throw new Error(`line ${line}: expected ',' or '}' after a label`);
  }
}

function familyOf(sample: string, families: Map<string, Family>): string {
  for (const suffix of ['_bucket', '_sum', '_count']) {
    const base = sample.endsWith(suffix) ? sample.slice(0, -suffix.length) : null;
    if (base !== null && families.get(base)?.type === 'histogram') return base;
  }
  return sample;
}

export function parseExposition(text: string): Map<string, Family> {
  if (!text.endsWith('\n')) throw new Error('the exposition must end with a line feed');
  const families = new Map<string, Family>();
  const series = new Set<string>();
  let current: string | null = null;
  const closed = new Set<string>();
  const lines = text.slice(0, -1).split('\n');
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw === '') throw new Error(`line ${line}: empty line`);
    if (raw.startsWith('#')) {
      const m = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(raw);
      if (!m) return;
      const [, kind, name, rest] = m as unknown as [string, string, string, string];
      if (!NAME.test(name)) throw new Error(`line ${line}: bad metric name ${name}`);
      if (closed.has(name)) throw new Error(`line ${line}: ${name} appears again after other families`);
      if (current !== null && current !== name) closed.add(current);
      current = name;
      const family = families.get(name) ?? { name, type: 'untyped', help: undefined, samples: [] };
      families.set(name, family);
      if (kind === 'TYPE') {
        if (!TYPES.has(rest)) throw new Error(`line ${line}: bad type ${rest}`);
        if (family.samples.length > 0) throw new Error(`line ${line}: TYPE after samples of ${name}`);
        family.type = rest;
      } else {
        if (family.help !== undefined) throw new Error(`line ${line}: HELP twice for ${name}`);
        if (/\\[^\\n]/.test(rest.replace(/\\\\/g, ''))) throw new Error(`line ${line}: bad escape in HELP`);
        family.help = rest;
      }
      return;
    }
    const nameEnd = raw.search(/[{ ]/);
    const name = raw.slice(0, nameEnd);
    if (!NAME.test(name)) throw new Error(`line ${line}: bad sample name ${JSON.stringify(name)}`);
    let rest = raw.slice(nameEnd);
    let labels: Record<string, string> = {};
    if (rest.startsWith('{')) ({ labels, rest } = parseLabels(rest, line));
    const parts = rest.trim().split(' ');
    if (!rest.startsWith(' ') || parts.length < 1 || parts.length > 2) throw new Error(`line ${line}: expected ' value [timestamp]'`);
    const value = parseValue(parts[0]!, line);
    const familyName = familyOf(name, families);
    const family = families.get(familyName);
    if (family === undefined) throw new Error(`line ${line}: sample ${name} without a TYPE`);
    if (familyName !== current) throw new Error(`line ${line}: sample of ${familyName} outside its family's block`);
    const key = `${name}${JSON.stringify(Object.entries(labels).sort())}`;
    if (series.has(key)) throw new Error(`line ${line}: duplicate series ${key}`);
    series.add(key);
    if (family.type === 'histogram' && name === familyName) throw new Error(`line ${line}: a histogram sample needs _bucket, _sum or _count`);
    family.samples.push({ name, labels, value });
  });
  for (const family of families.values()) if (family.type === 'histogram') checkHistogram(family);
  return families;
}

function checkHistogram(family: Family): void {
  const groups = new Map<string, Sample[]>();
  for (const s of family.samples) {
    const { le: _le, ...rest } = s.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  for (const [key, samples] of groups) {
    const buckets = samples.filter((s) => s.name.endsWith('_bucket'));
    const count = samples.find((s) => s.name.endsWith('_count'));
    if (!samples.some((s) => s.name.endsWith('_sum')) || count === undefined) throw new Error(`${family.name}${key}: no _sum or _count`);
    let lastLe = -Infinity;
    let lastCount = 0;
    for (const b of buckets) {
      if (b.labels.le === undefined) throw new Error(`${family.name}${key}: a bucket without le`);
      const le = parseValue(b.labels.le, 0);
      if (le <= lastLe) throw new Error(`${family.name}${key}: le not increasing`);
      if (b.value < lastCount) throw new Error(`${family.name}${key}: buckets not cumulative`);
      lastLe = le;
      lastCount = b.value;
    }
    if (lastLe !== Infinity || lastCount !== count.value) throw new Error(`${family.name}${key}: the last bucket must be +Inf and equal _count`);
  }
}

/** The value of one series, or undefined. */
export function valueOf(families: Map<string, Family>, name: string, labels: Record<string, string>): number | undefined {
  for (const family of families.values()) {
    for (const s of family.samples) {
      if (s.name === name && Object.keys(labels).length === Object.keys(s.labels).length && Object.entries(labels).every(([k, v]) => s.labels[k] === v)) return s.value;
    }
  }
  return undefined;
}
