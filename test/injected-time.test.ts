/**
 * Injected time (DESIGN §3, STYLE 3): nothing in lib/ reads the real clock, arms a real timer
 * or draws a random number except the system clock (`lib/internal/clock.ts`), so a
 * `ManualClock` and a seeded `random` stand in for them everywhere. This suite reads every
 * lib/**\/*.ts (comments and string literals removed) and names each offending file:line.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const test = suite('injected time');
const LIB = join(dirname(fileURLToPath(import.meta.url)), '..', 'lib');

/** What counts as reading time, arming a timer or drawing randomness directly. */
export const RULES: ReadonlyArray<{ name: string; pattern: RegExp; raw?: boolean }> = [
  { name: 'Date.now()', pattern: /\bDate\s*\.\s*now\b/ },
  { name: 'new Date() with no argument', pattern: /\bnew\s+Date\s*(\(\s*\)|(?!\s*\())/ },
  { name: 'Date() called without new', pattern: /(?<![\w.$]|new\s)Date\s*\(\s*\)/ },
  { name: 'performance.now()', pattern: /\bperformance\s*\.\s*now\b/ },
  { name: 'process.hrtime()', pattern: /\bprocess\s*\.\s*hrtime\b/ },
  // A global timer call; `clock.setTimeout(...)` and a method declaration `setTimeout(cb: ...)` are not.
  { name: 'a global timer', pattern: /(?<![.\w$])(setTimeout|setInterval|setImmediate)\s*\((?!\s*\w+\??\s*:)/ },
  { name: 'globalThis timers', pattern: /\bglobalThis\s*\.\s*(setTimeout|setInterval|setImmediate)\b/ },
  { name: 'Math.random', pattern: /\bMath\s*\.\s*random\b/ },
  // Read on the raw line: a module specifier is a string literal.
  { name: 'a timers/perf_hooks import', pattern: /^\s*(import|export)\b.*\bfrom\s*['"](node:)?(timers|timers\/promises|perf_hooks)['"]/, raw: true },
  // The system clock object is fine for timers whose subject is a real process (worker and
  // host supervision); reading its wall time bypasses the clock a scheduler was given.
  { name: 'systemClock.now()', pattern: /\bsystemClock\s*\.\s*now\b/ },
];

/** Files that are clocks themselves. */
const CLOCKS = new Set(['internal/clock.ts', 'testing.ts']);

/**
 * Known uses, by file and rule (not line, so edits elsewhere in the file do not matter).
 * Remove an entry when its fix lands: the suite then keeps the file clean.
 */
const ALLOWED: ReadonlyArray<{ file: string; rule: string; why: string }> = [
  // Permanent: the default of the injectable `random` option used for jitter.
  { file: 'scheduler/options.ts', rule: 'Math.random', why: 'default of the `random` option' },
  // Permanent: the CLI prints times relative to the operator's wall clock ("in 5 min"); no scheduler reads it.
  { file: 'admin/cli-format.ts', rule: 'systemClock.now()', why: 'the CLI shows times relative to the wall clock' },
  { file: 'admin/cli-output.ts', rule: 'systemClock.now()', why: 'the CLI shows times relative to the wall clock' },
];

function* sources(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(path);
    else if (entry.name.endsWith('.ts')) yield path;
  }
}

/**
 * Blanks comments and the contents of string and template literals (keeping line breaks and
 * `${...}` code), so that prose and generated worker scripts are not read as calls.
 */
export function codeOnly(text: string): string {
  let out = '';
  let i = 0;
  const braces: number[] = []; // open `{` count per template literal we are inside the ${} of
  const blank = (s: string) => s.replace(/[^\n]/g, ' ');
  while (i < text.length) {
    const c = text[i]!;
    const next = text[i + 1];
    if (c === '/' && next === '/') {
      const end = text.indexOf('\n', i);
      const stop = end === -1 ? text.length : end;
      out += blank(text.slice(i, stop));
      i = stop;
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end === -1 ? text.length : end + 2;
      out += blank(text.slice(i, stop));
      i = stop;
    } else if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== c && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      out += c + blank(text.slice(i + 1, j)) + (text[j] ?? '');
      i = j + 1;
    } else if (c === '`' || (c === '}' && braces.length > 0 && braces[braces.length - 1] === 0)) {
      if (c === '}') braces.pop();
      let j = i + 1;
      while (j < text.length && text[j] !== '`' && !(text[j] === '$' && text[j + 1] === '{')) j += text[j] === '\\' ? 2 : 1;
      out += c + blank(text.slice(i + 1, j));
      if (text[j] === '$') {
        out += '${';
        braces.push(0);
        i = j + 2;
      } else {
        out += text[j] ?? '';
        i = j + 1;
      }
    } else {
      if (braces.length > 0 && c === '{') braces[braces.length - 1]!++;
      if (braces.length > 0 && c === '}') braces[braces.length - 1]!--;
      out += c;
      i++;
    }
  }
  return out;
}

interface Violation {
  where: string;
  file: string;
  rule: string;
  line: string;
}

function violations(): Violation[] {
  const found: Violation[] = [];
  for (const path of sources(LIB)) {
    const file = relative(LIB, path).split('\\').join('/');
    if (CLOCKS.has(file)) continue;
    const original = readFileSync(path, 'utf8').split('\n');
    const code = codeOnly(readFileSync(path, 'utf8')).split('\n');
    code.forEach((line, index) => {
      for (const rule of RULES) {
        if (rule.pattern.test(rule.raw ? original[index]! : line)) found.push({ where: `lib/${file}:${index + 1}`, file, rule: rule.name, line: original[index]!.trim() });
      }
    });
  }
  return found;
}

test('the rules catch each form, and not comments, strings or clock methods', () => {
  const hits = (source: string) => {
    const code = codeOnly(source);
    return RULES.filter((rule) => (rule.raw ? source : code).split('\n').some((line) => rule.pattern.test(line))).map((rule) => rule.name);
  };
  assert.equal(hits('const t = Date.now();'), ['Date.now()']);
  assert.equal(hits('const d = new Date();'), ['new Date() with no argument']);
  assert.equal(hits('const d = new Date;'), ['new Date() with no argument']);
  assert.equal(hits('const d = new Date(ms);'), []);
  assert.equal(hits('const s = Date();'), ['Date() called without new']);
  assert.equal(hits('const t = performance.now();'), ['performance.now()']);
  assert.equal(hits('const t = process.hrtime.bigint();'), ['process.hrtime()']);
  assert.equal(hits('setTimeout(fire, 10);'), ['a global timer']);
  assert.equal(hits('const h = setInterval(() => {}, 1);'), ['a global timer']);
  assert.equal(hits('await new Promise((r) => setImmediate(r));'), ['a global timer']);
  assert.equal(hits('globalThis.setTimeout(fire, 1);'), ['globalThis timers']);
  assert.equal(hits('const r = options.random ?? Math.random;'), ['Math.random']);
  assert.equal(hits("import { setTimeout as sleep } from 'node:timers/promises';"), ['a timers/perf_hooks import']);
  assert.equal(hits("import { performance } from 'node:perf_hooks';"), ['a timers/perf_hooks import']);
  assert.equal(hits('const now = systemClock.now();'), ['systemClock.now()']);
  assert.equal(hits('this.clock.setTimeout(fire, 10); clock.clearTimeout(h);'), []);
  assert.equal(hits('  setTimeout(callback: () => void, ms: number): unknown;'), []);
  assert.equal(hits('// Date.now() is whole milliseconds\n/* setTimeout(x) */'), []);
  assert.equal(hits("const s = 'setImmediate(() => { throw error; })';"), []);
  assert.equal(hits('const s = `a ${name} Date.now()`;'), []);
  assert.equal(hits('const s = `a ${Date.now()} b`;'), ['Date.now()']);
});

test('nothing in lib/ reads real time, arms a real timer or calls Math.random outside the clock', () => {
  const all = violations();
  const unexpected = all.filter((v) => !ALLOWED.some((a) => a.file === v.file && a.rule === v.rule));
  assert.equal(
    unexpected.map((v) => `${v.where}: ${v.rule}: ${v.line}`),
    [],
    'use the injected clock (or the system clock object of lib/internal/clock.ts for timers of real processes)',
  );
});

test('every allow-list entry is still needed', () => {
  const all = violations();
  const stale = ALLOWED.filter((a) => !all.some((v) => v.file === a.file && v.rule === a.rule));
  assert.equal(stale.map((a) => `${a.file}: ${a.rule}`), [], 'remove entries whose fix has landed');
});

test.run();
