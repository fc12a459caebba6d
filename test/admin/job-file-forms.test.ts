import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseJobFile, readJobFile, validateJob, validateJobFile } from '../../lib/admin/job-file.js';
import { JobFileError } from '../../lib/errors.js';

const test = suite('job files: our form and docassemble\'s, normalised');
const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'jobs');
const handlers = join(dir, 'handlers.mjs');
const fixture = (name: string): string => join(dir, name);

test('docassemble\'s README example, verbatim, is refused: it declares `test.heartbeat` twice (PyYAML silently kept the second)', async () => {
  const result = await validateJobFile(fixture('docassemble-readme.yaml'));
  assert.is(result.ok, false);
  if (result.ok) return;
  assert.instance(result.error, JobFileError);
  assert.equal(result.error.problems, [{
    file: fixture('docassemble-readme.yaml'), line: 7, job: 'test.heartbeat', key: null,
    expected: 'each job once (first at line 4); to run the same handler twice, add a space and a suffix to the name: `test.heartbeat 2`',
    given: 'a repeated key',
  }]);
});

test('docassemble\'s form: units summed, cron fields, -5 = */5, kwargs, space suffix, error handler (per job wins), contextmanager, log level', async () => {
  const file = await readJobFile(fixture('docassemble.yaml'));
  assert.is(file.logLevel, 'debug');
  assert.is(file.errorHandler, 'some.error.handler');
  const global = { errorHandler: 'some.error.handler' };
  assert.equal(file.jobs, [
    { name: 'test.heartbeat', type: 'interval', action: 'test.heartbeat', options: { interval: 60_000 }, line: 5, ...global },
    { name: 'test.heartbeat 2', type: 'cron', action: 'test.heartbeat', options: { cron: '1 0 1 * *' }, line: 8, ...global },
    {
      name: 'test.test_arbitrary_params', type: 'interval', action: 'test.test_arbitrary_params', line: 13, ...global,
      options: { args: ['positional_value_1', 'positional_value_2'], kw: { optional_param: 'optional_value' }, interval: 60_000 },
    },
    { name: 'docassemble.playground1.test_py_file.function_name', type: 'cron', action: 'docassemble.playground1.test_py_file.function_name', options: { cron: '*/5 * * * *' }, line: 21, ...global },
    { name: 'every.five.minutes', type: 'cron', action: 'every.five.minutes', options: { cron: '*/5 * * * *' }, line: 24, ...global },
    { name: 'postgres_db_backup.run 1', type: 'cron', action: 'postgres_db_backup.run', options: { args: [['db', 'data db'], '/tmp/docassemble_db_backups/'], cron: '0 4 * * *' }, line: 27, ...global },
    { name: 'postgres_db_backup.run 2', type: 'cron', action: 'postgres_db_backup.run', options: { args: [['db', 'data db'], '/tmp/docassemble_db_backups/'], cron: '30 4 * * *' }, line: 34, ...global },
    {
      name: 'docassemble.demo.gettime.get_time', type: 'interval', action: 'docassemble.demo.gettime.get_time', line: 41,
      options: { interval: ((24 + 2) * 60 + 3) * 60_000 + 4000 }, errorHandler: 'own.error.handler', around: { module: handlers, export: 'withContext' },
    },
  ]);
});

test('our form: every type; durations as strings, ms or objects; date-times without an offset in the job\'s zone (a DST gap shifts forward)', async () => {
  const file = await readJobFile(fixture('ours.yaml'));
  const onError = { module: handlers, export: 'onError' };
  assert.is(file.timeZone, 'Europe/Berlin');
  assert.equal(file.errorHandler, onError);
  const byName = Object.fromEntries(file.jobs.map((j) => [j.name, j]));
  assert.equal(byName.heartbeat, {
    name: 'heartbeat', type: 'interval', action: 'beat', line: 6, errorHandler: onError,
    options: { processMethod: 'sequential', timeZone: 'Europe/Berlin', interval: 30_000, initialDelay: 90_000 },
  });
  assert.equal(byName.report, {
    name: 'report', type: 'weekday', action: { module: handlers, export: 'report' }, line: 12, errorHandler: onError,
    options: { priority: -1, catchUp: 'skip', args: ['weekly'], timeZone: 'Europe/Berlin', timeout: 600_000, kw: { format: 'pdf' }, weekdays: ['mon', 'fri'], timeOnDay: '09:30' },
  });
  assert.equal(byName.invoices?.options, { timeZone: 'America/New_York', maxInstances: 2, overlap: 'queue', activeMonths: [1, 4, 7, 10], monthdays: [1, -1], timeOnDay: [6, 0] });
  // 02:30 on 2027-03-28 does not exist in Berlin (02:00 → 03:00): 03:30 CEST, 01:30 UTC.
  assert.equal(byName.launch?.options, { timeZone: 'Europe/Berlin', at: Date.UTC(2027, 2, 28, 1, 30) });
  assert.equal(byName.purge, {
    name: 'purge', type: 'cron', action: { module: handlers, export: 'default' }, line: 36,
    errorHandler: 'notify', around: { module: handlers, export: 'withContext' },
    options: {
      enabled: false, queue: 'maintenance', activeWindow: { from: '08:00', to: '20:00' }, timeZone: 'Europe/Berlin', misfireGraceTime: 5000, jitter: 10_000,
      startDate: Date.UTC(2026, 11, 31, 23, 0), endDate: Date.UTC(2027, 11, 31, 23, 59, 59), cron: '0 */6 * * *',
    },
  });
});

test('JSON files are read the same way, with lines', async () => {
  const file = await readJobFile(fixture('ours.json'));
  assert.equal(file.jobs.map((j) => [j.name, j.line, j.options]), [
    ['ping', 4, { maxRuns: 3, timeZone: 'UTC', interval: 300_000 }],
    ['nightly', 10, { catchUp: 'all', maxCatchUp: 5, timeZone: 'UTC', timeout: 60_000, cron: '0 2 * * *' }],
  ]);
});

test('a fold takes the earlier instant; an offset or Z is taken as written; epoch ms as given', () => {
  const file = parseJobFile([
    'jobs:',
    '  fold: { type: date, at: "2027-10-31 02:30", timeZone: Europe/Berlin, handler: h }',
    '  zulu: { type: date, at: "2027-10-31T02:30:00Z", timeZone: Europe/Berlin, handler: h }',
    '  offset: { type: date, at: "2027-10-31T02:30+05:30", handler: h }',
    '  epoch: { type: date, at: 1830000000000, handler: h }',
  ].join('\n'), 'inline.yaml');
  assert.equal(file.jobs.map((j) => j.options.at), [
    Date.UTC(2027, 9, 31, 0, 30), Date.UTC(2027, 9, 31, 2, 30), Date.UTC(2027, 9, 30, 21, 0), 1_830_000_000_000,
  ]);
});

test('validateJob: one entry with its name, as the HTTP API receives it', () => {
  assert.equal(validateJob({ name: 'sync', type: 'interval', interval: '1h', handler: 'sync' }), {
    name: 'sync', type: 'interval', action: 'sync', options: { interval: 3_600_000 }, line: null,
  });
  try {
    validateJob({ name: 'sync', type: 'interval', interval: '1 hour', handler: 'sync' }, { source: 'POST /api/jobs' });
    assert.unreachable();
  } catch (error) {
    assert.instance(error, JobFileError);
    assert.equal((error as JobFileError).problems.map((p) => [p.line, p.job, p.key]), [[null, 'sync', 'interval']]);
    assert.match((error as Error).message, /^POST \/api\/jobs: 1 problem, nothing applied:\n  POST \/api\/jobs: job "sync", key `interval`: expected a duration/);
  }
});

test('examples/jobs.yaml (what `npm start` runs) is valid: every job type, module actions', async () => {
  const result = await validateJobFile(join(dir, '..', '..', '..', 'examples', 'jobs.yaml'));
  assert.ok(result.ok, result.ok ? '' : result.error.message);
  if (!result.ok) return;
  assert.equal([...new Set(result.jobFile.jobs.map((j) => j.type))].sort(), ['cron', 'date', 'interval', 'monthday', 'weekday']);
  assert.ok(result.jobFile.jobs.every((j) => typeof j.action === 'object'), 'a CLI run defines no handlers: every job names a module');
});

test.run();
