/**
 * Job files, step one: YAML or JSON text → plain data that remembers where each job and key
 * was written (1-based lines), so every later problem can name its line. JSON is read by the
 * same YAML parser (JSON is YAML), so both get the same positions and duplicate-key checks.
 *
 * Two shapes of file are accepted: ours, `{ jobs: { <name>: {...} }, timeZone?, errorHandler?,
 * logLevel? }`, and docassemble's configuration, `{ scheduler: { <name>: {...}, 'error handler'?,
 * 'log level'? } }` (other top-level keys of a docassemble configuration are not ours and are
 * ignored there).
 */
import { LineCounter, isMap, isScalar, parseDocument, visit } from 'yaml';
import type { Document, Pair, YAMLMap } from 'yaml';
import { describeValue } from '../errors.js';
import type { JobFileProblem } from '../errors.js';

/** A key's value and the line the key is written on (null when the data came from no file). */
export interface Entry {
  value: unknown;
  line: number | null;
}

/** One job as written: its name, line, and keys (null when the job's value is not a mapping). */
export interface RawJob {
  name: string;
  line: number | null;
  entries: Map<string, Entry> | null;
  /** The job's value, when it is not a mapping (for the error). */
  value?: unknown;
}

export interface RawFile {
  form: 'jobs' | 'scheduler';
  globals: Map<string, Entry>;
  jobs: RawJob[];
}

/** File-level keys, in both spellings (ours and docassemble's). */
export const GLOBAL_KEYS: readonly string[] = ['timeZone', 'errorHandler', 'error handler', 'logLevel', 'log level'];

const SHAPE = 'a mapping with `jobs:` (job name → job), or docassemble\'s `scheduler:` section';

/** Parses `text`; `file` names it in problems. Problems found here stop validation (nothing is guessed). */
export function parseJobText(text: string, file: string): { raw: RawFile | null; problems: JobFileProblem[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false, prettyErrors: false });
  const lineOf = (offset: number | undefined): number | null => (offset === undefined ? null : lines.linePos(offset).line);
  const problem = (line: number | null, job: string | null, key: string | null, expected: string, given: string | null): JobFileProblem =>
    ({ file, line, job, key, expected, given });
  if (doc.errors.length > 0) {
    return { raw: null, problems: doc.errors.map((e) => problem(lineOf(e.pos[0]), null, null, `valid YAML or JSON (${firstLine(e.message)})`, null)) };
  }
  const problems = duplicateKeys(doc, file, lineOf);
  if (problems.length > 0) return { raw: null, problems };
  const root = doc.contents;
  if (!isMap(root)) return { raw: null, problems: [problem(lineOf(root?.range?.[0]) ?? 1, null, null, SHAPE, root ? describeValue(root.toJSON()) : null)] };
  const top = entriesOf(root, doc, lineOf);
  const scheduler = pairOf(root, 'scheduler');
  if (!top.has('jobs') && scheduler && isMap(scheduler.value)) {
    const section = scheduler.value as YAMLMap;
    const globals = new Map<string, Entry>();
    const jobs: RawJob[] = [];
    for (const pair of section.items) {
      const name = keyText(pair);
      const line = lineOf(keyRange(pair));
      if (GLOBAL_KEYS.includes(name)) globals.set(name, { value: toJs(pair.value, doc), line });
      else jobs.push(rawJob(name, line, pair, doc, lineOf));
    }
    return { raw: { form: 'scheduler', globals, jobs }, problems };
  }
  const jobsPair = pairOf(root, 'jobs');
  if (!jobsPair) return { raw: null, problems: [problem(lineOf(root.range?.[0]), null, 'jobs', SHAPE, 'no `jobs` key')] };
  for (const [key, entry] of top) {
    if (key !== 'jobs' && !GLOBAL_KEYS.includes(key)) {
      problems.push(problem(entry.line, null, key, `one of the file's keys: jobs, timeZone, errorHandler, logLevel`, describeValue(key)));
    }
  }
  if (!isMap(jobsPair.value)) {
    problems.push(problem(lineOf(keyRange(jobsPair)), null, 'jobs', 'a mapping of job name → job', describeValue(toJs(jobsPair.value, doc))));
    return { raw: null, problems };
  }
  const jobs = (jobsPair.value as YAMLMap).items.map((pair) => rawJob(keyText(pair), lineOf(keyRange(pair)), pair, doc, lineOf));
  top.delete('jobs');
  return { raw: { form: 'jobs', globals: top, jobs }, problems };
}

function rawJob(name: string, line: number | null, pair: Pair, doc: Document, lineOf: (o: number | undefined) => number | null): RawJob {
  if (isMap(pair.value)) return { name, line, entries: entriesOf(pair.value as YAMLMap, doc, lineOf) };
  return { name, line, entries: null, value: toJs(pair.value, doc) };
}

function entriesOf(map: YAMLMap, doc: Document, lineOf: (o: number | undefined) => number | null): Map<string, Entry> {
  const out = new Map<string, Entry>();
  for (const pair of map.items) out.set(keyText(pair), { value: toJs(pair.value, doc), line: lineOf(keyRange(pair)) });
  return out;
}

/**
 * Every mapping's keys must be unique: YAML parsers that keep the last one (PyYAML, which
 * docassemble uses) silently drop a job. A repeated job name gets the docassemble hint.
 */
function duplicateKeys(doc: Document, file: string, lineOf: (o: number | undefined) => number | null): JobFileProblem[] {
  const problems: JobFileProblem[] = [];
  visit(doc, {
    Map(_key, map, path) {
      const seen = new Map<string, number | null>();
      const parent = path[path.length - 1];
      const jobLevel = parent !== undefined && 'key' in parent && isScalar(parent.key) && (parent.key.value === 'jobs' || parent.key.value === 'scheduler') && path.length <= 3;
      for (const pair of map.items) {
        const name = keyText(pair);
        const line = lineOf(keyRange(pair));
        const first = seen.get(name);
        if (first === undefined) {
          seen.set(name, line);
          continue;
        }
        const hint = jobLevel
          ? `each job once (first at line ${first}); to run the same handler twice, add a space and a suffix to the name: \`${name} 2\``
          : `each key once in a mapping (first at line ${first})`;
        problems.push({ file, line, job: jobLevel ? name : null, key: jobLevel ? null : name, expected: hint, given: 'a repeated key' });
      }
    },
  });
  return problems;
}

function pairOf(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((pair) => keyText(pair) === key);
}

function keyText(pair: Pair): string {
  const key = pair.key;
  if (isScalar(key)) return String(key.value);
  return String((key as { toJSON?: () => unknown } | null)?.toJSON?.() ?? key);
}

function keyRange(pair: Pair): number | undefined {
  return (pair.key as { range?: [number, number, number] } | null)?.range?.[0];
}

function toJs(node: unknown, doc: Document): unknown {
  if (node === null || node === undefined) return null;
  const convertible = node as { toJS?: (doc: Document) => unknown };
  return typeof convertible.toJS === 'function' ? convertible.toJS(doc) : node;
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.trim();
}
