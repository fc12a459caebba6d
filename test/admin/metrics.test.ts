/**
 * /metrics: every metric of DESIGN §8, checked by a strict exposition-format parser, with
 * values known exactly from a ManualClock: counts per outcome, duration and lateness
 * histograms in seconds, active runs, missed slots, next run, last success, paused, info.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { harness, stopAll, T0 } from '../helpers.js';
import { escapeLabel } from '../../lib/admin/metrics.js';
import { closeServers, start } from './http-helpers.js';
import { parseExposition, valueOf } from './metrics-parse.js';

const test = suite('admin metrics (Prometheus text)');
test.after.each(async () => {
  await closeServers();
  await stopAll();
});

const MIN = 60_000;

async function scrape(api: Awaited<ReturnType<typeof start>>) {
  const r = await api.call('GET', '/metrics');
  assert.is(r.status, 200);
  assert.is(r.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
  return { text: r.text, families: parseExposition(r.text) };
}

test('the parser used here is strict (it rejects what Prometheus rejects)', () => {
  const bad = [
    'x 1', // no trailing line feed
    'x{a="b} 1\n', '# TYPE x counter\nx{a="\\q"} 1\n', '# TYPE x counter\nx 1\nx 1\n', 'x 1\n',
    '# TYPE x counter\n# TYPE y gauge\ny 1\nx 1\n', '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n',
    '# TYPE h histogram\nh_bucket{le="1"} 1\nh_sum 1\nh_count 1\n', '# TYPE 1x counter\n',
  ];
  for (const text of bad) assert.throws(() => parseExposition(text), undefined, JSON.stringify(text));
  assert.is(parseExposition('# HELP x a\n# TYPE x counter\nx{a="q\\"\\\\\\n"} 1\n').get('x')?.samples[0]?.labels.a, 'q"\\\n');
});

test('every family with HELP and TYPE, exact values from known runs', async () => {
  const { scheduler, clock } = harness({ listen: false });
  const quiet = (): void => {};
  scheduler.on('error', quiet);
  scheduler.on('skip', quiet);
  scheduler.on('missed', quiet);
  scheduler.define('quarter', () => new Promise((resolve) => clock.setTimeout(() => resolve(undefined), 250)));
  scheduler.define('boom', () => {
    throw new Error('no');
  });
  scheduler.define('hang', () => new Promise(() => {}));
  scheduler.addIntervalTask({ name: 'ok', action: 'quarter', interval: MIN, initialDelay: MIN });
  scheduler.addIntervalTask({ name: 'bad', action: 'boom', interval: MIN, initialDelay: MIN });
  scheduler.addIntervalTask({ name: 'stuck', action: 'hang', interval: MIN, initialDelay: MIN, timeout: 90_000 });
  scheduler.addCronTask({ name: 'cron', action: 'quarter', cron: '0 3 * * *', timeZone: 'Europe/Berlin', enabled: false });
  scheduler.start();
  const api = await start(scheduler);
  await clock.advance(2 * MIN + 30_000); // ok: 2 runs; bad: 2 errors; stuck: running since 1 min, 2 min slot skipped; then times out at 2.5 min
  const { families } = await scrape(api);
  assert.equal([...families.keys()], [
    'kronos_runs_total', 'kronos_run_duration_seconds', 'kronos_run_lateness_seconds', 'kronos_runs_active', 'kronos_missed_slots_total',
    'kronos_job_next_run_timestamp_seconds', 'kronos_job_last_success_timestamp_seconds', 'kronos_job_paused', 'kronos_job_info',
  ]);
  for (const family of families.values()) assert.ok(family.help && family.help.length > 10, family.name);
  assert.equal([...families.values()].map((f) => f.type), ['counter', 'histogram', 'histogram', 'gauge', 'counter', 'gauge', 'gauge', 'gauge', 'gauge']);
  const v = (name: string, labels: Record<string, string>) => valueOf(families, name, labels);
  assert.equal(['success', 'error', 'timeout', 'skipped'].map((outcome) => v('kronos_runs_total', { job: 'ok', outcome })), [2, 0, 0, 0]);
  assert.equal(['success', 'error', 'timeout', 'skipped'].map((outcome) => v('kronos_runs_total', { job: 'bad', outcome })), [0, 2, 0, 0]);
  assert.equal(['success', 'error', 'timeout', 'skipped'].map((outcome) => v('kronos_runs_total', { job: 'stuck', outcome })), [0, 0, 1, 1]);
  assert.is(v('kronos_run_duration_seconds_count', { job: 'ok' }), 2);
  assert.is(v('kronos_run_duration_seconds_sum', { job: 'ok' }), 0.5);
  assert.is(v('kronos_run_duration_seconds_bucket', { job: 'ok', le: '0.1' }), 0);
  assert.is(v('kronos_run_duration_seconds_bucket', { job: 'ok', le: '0.25' }), 2);
  assert.is(v('kronos_run_duration_seconds_bucket', { job: 'ok', le: '+Inf' }), 2);
  assert.is(v('kronos_run_duration_seconds_sum', { job: 'stuck' }), 90);
  assert.is(v('kronos_run_lateness_seconds_count', { job: 'ok' }), 2);
  assert.is(v('kronos_run_lateness_seconds_sum', { job: 'ok' }), 0);
  assert.is(v('kronos_run_lateness_seconds_bucket', { job: 'ok', le: '0.001' }), 2);
  assert.is(v('kronos_runs_active', { job: 'stuck' }), 0);
  assert.is(v('kronos_job_next_run_timestamp_seconds', { job: 'ok' }), (T0 + 3 * MIN) / 1000);
  assert.is(v('kronos_job_last_success_timestamp_seconds', { job: 'ok' }), (T0 + 2 * MIN + 250) / 1000);
  assert.is(v('kronos_job_last_success_timestamp_seconds', { job: 'bad' }), undefined, 'absent before a success');
  assert.equal([v('kronos_job_paused', { job: 'cron' }), v('kronos_job_paused', { job: 'ok' })], [1, 0]);
  assert.is(v('kronos_job_info', { job: 'cron', type: 'cron', schedule: '0 3 * * *', timezone: 'Europe/Berlin' }), 1);
  assert.is(v('kronos_job_info', { job: 'ok', type: 'interval', schedule: 'every 1 min', timezone: '' }), 1);
  assert.is(v('kronos_missed_slots_total', { job: 'ok' }), 0);
});

test('active runs while they go; missed slots counted from `missed`; a cancelled job leaves the scrape', async () => {
  const { scheduler, clock } = harness({ listen: false });
  scheduler.on('missed', () => {});
  scheduler.define('hang', () => new Promise(() => {}));
  scheduler.define('noop', () => {});
  scheduler.addIntervalTask({ name: 'busy', action: 'hang', interval: MIN, initialDelay: MIN, maxInstances: 3 });
  scheduler.addIntervalTask({ name: 'late', action: 'noop', interval: MIN, initialDelay: MIN, catchUp: 'skip' });
  scheduler.start();
  const api = await start(scheduler);
  await clock.advance(2 * MIN);
  let { families } = await scrape(api);
  assert.is(valueOf(families, 'kronos_runs_active', { job: 'busy' }), 2);
  await clock.set(T0 + 12 * MIN + 1);
  await clock.advance(30_000);
  ({ families } = await scrape(api));
  assert.is(valueOf(families, 'kronos_missed_slots_total', { job: 'late' }), 10, 'slots 3..12 min passed by the jump');
  assert.equal((await api.call('GET', '/api/jobs/late')).json.job.counts.missed, 10);
  scheduler.cancel('busy');
  const { text } = await scrape(api);
  assert.not.match(text, /job="busy"/);
});

test('label values are escaped (backslash, quote, line feed) and read back exactly', async () => {
  assert.is(escapeLabel('a\\b"c\nd'), 'a\\\\b\\"c\\nd');
  const { scheduler } = harness({ listen: false });
  const name = 'we"ird\\job\nname';
  scheduler.addWeekdayTask({ name, action: () => {}, weekdays: [6, 7], timeOnDay: '10:00', timeZone: 'America/New_York' });
  const api = await start(scheduler);
  const { families } = await scrape(api);
  assert.is(valueOf(families, 'kronos_job_info', { job: name, type: 'weekday', schedule: 'Sat, Sun 10:00 America/New_York', timezone: 'America/New_York' }), 1);
  assert.is(valueOf(families, 'kronos_job_paused', { job: name }), 0);
});

test('no per-run labels: the series count does not grow with runs', async () => {
  const { scheduler, clock } = harness({ listen: false });
  scheduler.addIntervalTask({ name: 'n', action: () => {}, interval: 1000, initialDelay: 1000 });
  scheduler.start();
  const api = await start(scheduler);
  await clock.advance(2000);
  const before = (await scrape(api)).text.split('\n').length;
  await clock.advance(50_000);
  const { text, families } = await scrape(api);
  assert.is(text.split('\n').length, before);
  assert.is(valueOf(families, 'kronos_runs_total', { job: 'n', outcome: 'success' }), 52);
  for (const family of families.values()) for (const s of family.samples) assert.ok(Object.keys(s.labels).every((l) => ['job', 'outcome', 'le', 'type', 'schedule', 'timezone'].includes(l)));
});

test.run();
