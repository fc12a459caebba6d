import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseJobFile, readJobFile, validateJobFile } from '../../lib/admin/job-file.js';
import { JobFileError } from '../../lib/errors.js';

const test = suite('job files: every problem, with file, line, job, key, expected and given');
const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'jobs');

function errorOf(fn: () => unknown): JobFileError {
  try {
    fn();
  } catch (error) {
    assert.instance(error, JobFileError);
    return error as JobFileError;
  }
  throw new Error('no JobFileError');
}

test('a file with many mistakes lists them all, in file order, with exact messages', async () => {
  const file = join(dir, 'invalid.yaml');
  const result = await validateJobFile(file);
  assert.is(result.ok, false);
  if (result.ok) return;
  const missing = join(dir, 'no-such-file.mjs');
  const duration = "a duration: a string like '90s', '5m', '1h30m', '250ms', '2d', '1w', integer milliseconds, or { minutes: 5 }";
  assert.equal(result.error.message.split('\n'), [
    `${file}: 17 problems, nothing applied:`,
    `  ${file}:2: key \`colour\`: expected one of the file's keys: jobs, timeZone, errorHandler, logLevel, got \`"colour"\` (string)`,
    `  ${file}:4: job "no-type", key \`type\`: expected one of interval, weekday, monthday, date, cron, got nothing`,
    `  ${file}:7: job "bad-type", key \`type\`: expected one of interval, weekday, monthday, date, cron, got \`"hourly"\` (string)`,
    `  ${file}:10: job "bad-interval", key \`interval\`: expected ${duration}, got \`"5x"\` (string)`,
    `  ${file}:14: job "both-intervals", key \`minutes\`: expected either \`interval\` or docassemble's days/hours/minutes/seconds, not both, got \`5\` (number)`,
    `  ${file}:15: job "wrong-key": expected \`interval\` (${duration}), or docassemble's days/hours/minutes/seconds, got neither`,
    `  ${file}:17: job "wrong-key", key \`intreval\`: expected a key of an interval job (did you mean \`interval\`?), got \`"intreval"\` (string)`,
    `  ${file}:21: job "other-type-key", key \`weekdays\`: expected a key of an interval job (\`weekdays\` belongs to type weekday), got \`"weekdays"\` (string)`,
    `  ${file}:24: job "ambiguous-day", key \`day\`: expected a day of the month 1–31 or a cron field such as '*/5'. docassemble's \`day: -5\` (every 5th day) is ambiguous here, where -5 counts from the month's end: write \`day: '*/5'\` for every 5th day, or \`type: monthday\` with \`monthdays: [-5]\` for the 5th day before the month's end, got \`-5\` (number)`,
    `  ${file}:28: job "bad-minute", key \`minute\`: expected a valid minute field (minute 0–59, got 75), got \`75\` (number)`,
    `  ${file}:31: job "bad-cron", key \`cron\`: expected a cron expression with minute 0–59 in "61 * * * *", got 61`,
    `  ${file}:34: job "bad-at", key \`at\`: expected a date-time like '2027-01-04 09:30' (read in the job's time zone), '2027-01-04T09:30:00+01:00', or epoch milliseconds, got \`"next tuesday"\` (string)`,
    `  ${file}:39: job "bad-zone", key \`timeZone\`: expected an IANA time zone name or a fixed offset like "+05:30", got \`"Mars/Olympus"\` (string)`,
    `  ${file}:44: job "both-kw", key \`kwargs\`: expected either \`kw\` or \`kwargs\`, not both, got \`{"a":1}\` (Object)`,
    `  ${file}:48: job "threaded-handler", key \`processMethod\`: expected 'sequential' or 'concurrent' for a \`handler\` (a defined function runs in this process; give \`module\` and \`export\` to run it in a thread or process), got \`"threaded"\` (string)`,
    `  ${file}:52: job "missing-module", key \`module\`: expected an existing file, got \`${JSON.stringify(missing)}\` (string): ${missing} does not exist`,
    `  ${file}:53: job "not-a-mapping": expected a mapping of the job's keys (type, handler or module, ...), got \`"every minute"\` (string)`,
  ]);
  assert.equal(result.error.problems[3], {
    file, line: 10, job: 'bad-interval', key: 'interval', expected: duration, given: '`"5x"` (string)',
  });
});

test('YAML syntax errors name their line', () => {
  const error = errorOf(() => parseJobFile('jobs:\n  a:\n    type: interval\n   interval: [1m\n', 'broken.yaml'));
  assert.is(error.problems[0]?.line, 4);
  assert.is(error.problems[0]?.key, null);
  assert.match(error.problems[0]!.expected, /^valid YAML or JSON \(/);
});

test('the file\'s shape: a mapping with jobs (or scheduler), at least one job; file-level keys checked', () => {
  assert.equal(errorOf(() => parseJobFile('- a\n- b\n', 'list.yaml')).message,
    'list.yaml: 1 problem, nothing applied:\n  list.yaml:1: expected a mapping with `jobs:` (job name → job), or docassemble\'s `scheduler:` section, got `["a","b"]` (array)');
  assert.equal(errorOf(() => parseJobFile('tasks: {}\n', 'x.yaml')).problems.map((p) => [p.line, p.key, p.given]), [[1, 'jobs', 'no `jobs` key']]);
  assert.equal(errorOf(() => parseJobFile('jobs: {}\n', 'x.yaml')).problems.map((p) => [p.key, p.expected, p.given]), [['jobs', 'at least one job', 'none']]);
  assert.equal(errorOf(() => parseJobFile('jobs: [a]\n', 'x.yaml')).problems.map((p) => [p.line, p.expected]), [[1, 'a mapping of job name → job']]);
  const globals = errorOf(() => parseJobFile([
    'scheduler:',
    '  log level: loud',
    '  error handler: [1]',
    '  a: { type: interval, minutes: 1 }',
  ].join('\n'), 'da.yaml'));
  assert.equal(globals.message.split('\n').slice(1), [
    '  da.yaml:2: key `log level`: expected one of debug, info, warning, error, critical (any case), got `"loud"` (string)',
    '  da.yaml:3: key `error handler`: expected a defined handler\'s name, or { module, export } (a module path relative to the job file), got `[1]` (array)',
  ]);
});

test('a key repeated inside a job is refused (a parser that keeps the last one would hide the first)', () => {
  const error = errorOf(() => parseJobFile('jobs:\n  a:\n    type: interval\n    interval: 1m\n    interval: 2m\n', 'dup.yaml'));
  assert.equal(error.problems, [{ file: 'dup.yaml', line: 5, job: null, key: 'interval', expected: 'each key once in a mapping (first at line 4)', given: 'a repeated key' }]);
});

test('an unreadable file is a JobFileError too', async () => {
  const path = join(dir, 'absent.yaml');
  try {
    await readJobFile(path);
    assert.unreachable();
  } catch (error) {
    assert.instance(error, JobFileError);
    const problem = (error as JobFileError).problems[0]!;
    assert.equal([problem.line, problem.expected], [null, 'a readable job file']);
    assert.match(problem.given!, /ENOENT/);
  }
});

test.run();
