import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TOKEN, jobDir, kronos, startRun } from './cli-helpers.js';

const test = suite('kronos CLI: validate, usage, and the management commands over HTTP against `kronos run`');

test('validate: a good file exits 0 naming its jobs; a bad one exits 1 with every problem (file:line, job, key)', async () => {
  const { dir, file } = jobDir();
  const ok = await kronos(['validate', file, '--json']);
  assert.is(ok.code, 0);
  assert.equal(JSON.parse(ok.stdout), { ok: true, file, jobs: [{ name: 'tick', type: 'interval' }, { name: 'nightly', type: 'cron' }] });
  const bad = join(dir, 'bad.yaml');
  writeFileSync(bad, 'jobs:\n  x:\n    type: interval\n    interval: 5x\n    handler: h\n');
  const result = await kronos(['validate', bad]);
  assert.is(result.code, 1);
  assert.is(result.stdout, '');
  assert.match(result.stderr, `${bad}:4: job "x", key \`interval\`: expected a duration`);
  const json = await kronos(['validate', bad, '--json']);
  assert.is(json.code, 1);
  assert.equal(JSON.parse(json.stdout).problems.map((p: { line: number; job: string; key: string }) => [p.line, p.job, p.key]), [[4, 'x', 'interval']]);
});

test('usage errors exit 2: unknown command, bad option value, no target, --url without a token', async () => {
  assert.is((await kronos(['frobnicate'])).code, 2);
  assert.is((await kronos(['next', 'x', '-n', 'many', '--url', 'http://127.0.0.1:1'])).code, 2);
  const none = await kronos(['list']);
  assert.is(none.code, 2);
  assert.match(none.stderr, '--url http://127.0.0.1:PORT');
  const noToken = await kronos(['list', '--url', 'http://127.0.0.1:1'], { KRONOS_TOKEN: '' });
  assert.is(noToken.code, 2);
  assert.match(noToken.stderr, 'KRONOS_TOKEN');
});

test('run --http (memory) with KRONOS_TOKEN: list, show, next, run-now, disable, enable, delete; 3 for an unknown job; SIGTERM exits 0', async () => {
  const { dir, file } = jobDir();
  const tokenFile = join(dir, 'token');
  writeFileSync(tokenFile, `${TOKEN}\n`);
  const run = await startRun([file, '--http', '--port', '0', '--token-file', tokenFile]);
  try {
    assert.match(run.output(), /kronos: 2 jobs from .* \(2 created, 0 updated, 0 unchanged\) on memory/);
    assert.ok(!run.output().includes(TOKEN), 'a given token is never printed');
    const env = { KRONOS_TOKEN: TOKEN };
    const at = ['--url', run.url];
    const list = await kronos(['list', ...at, '--json'], env);
    assert.is(list.code, 0);
    const jobs = JSON.parse(list.stdout).jobs as Array<Record<string, unknown>>;
    // (source: in memory the admin API does not read TaskInfo.source yet; see the report.)
    assert.equal(jobs.map((j) => [j.name, j.type, j.schedule, j.state]), [['tick', 'interval', 'every 1 h', 'scheduled'], ['nightly', 'cron', '0 3 * * *', 'scheduled']]);
    const table = await kronos(['list', ...at], env);
    const [header, , nightly] = table.stdout.split('\n');
    assert.match(header!, /^NAME +TYPE +SCHEDULE +STATE +NEXT RUN +LAST +RUNS +FAILS +SOURCE$/);
    assert.match(nightly!, /^nightly  cron      0 3 \* \* \*  scheduled  in /);
    for (const column of ['LAST', 'RUNS', 'SOURCE']) assert.is(nightly![header!.indexOf(column) - 1], ' ', `${column} aligned`);
    const next = await kronos(['next', 'nightly', '-n', '3', ...at, '--json'], env);
    const runs = JSON.parse(next.stdout).nextRuns as string[];
    assert.is(runs.length, 3);
    for (const [i, iso] of runs.entries()) {
      assert.match(iso, /T03:00:00\.000Z$/);
      if (i > 0) assert.is(Date.parse(iso) - Date.parse(runs[i - 1]!), 86_400_000);
    }
    const show = await kronos(['show', 'nightly', ...at], env);
    assert.is(show.code, 0);
    assert.match(show.stdout, /^name: +nightly\ntype: +cron\nschedule: +0 3 \* \* \*\ntime zone: +UTC\n/);
    const now = await kronos(['run-now', 'nightly', ...at, '--json'], env);
    assert.is(now.code, 0);
    assert.equal(Object.keys(JSON.parse(now.stdout)), ['name', 'kind', 'runAt']);
    let failures = 0;
    for (let i = 0; i < 50 && failures === 0; i++) {
      failures = (JSON.parse((await kronos(['show', 'nightly', ...at, '--json'], env)).stdout).job as { failures: number }).failures;
    }
    assert.is(failures, 1, 'the manual run ran (and failed: the module throws)');
    assert.match((await kronos(['show', 'nightly', ...at], env)).stdout, /last outcome: +error at .*: boom/);
    assert.is((await kronos(['disable', 'tick', ...at], env)).stdout, 'tick: paused\n');
    assert.match((await kronos(['enable', 'tick', ...at], env)).stdout, /^tick: scheduled, next run /);
    const delay = await kronos(['run-now', 'tick', '--delay', '5m', ...at, '--json'], env);
    assert.is(delay.code, 0);
    assert.is((await kronos(['delete', 'tick', ...at], env)).stdout, 'tick: deleted\n');
    const gone = await kronos(['show', 'tick', ...at], env);
    assert.is(gone.code, 3);
    assert.match(gone.stderr, 'No job named "tick"');
    assert.is((await kronos(['delete', 'tick', ...at], env)).code, 3);
    const wrong = await kronos(['list', ...at], { KRONOS_TOKEN: 'wrong-token-0123456789' });
    assert.is(wrong.code, 1);
    assert.match(wrong.stderr, 'the token was refused');
    const orphans = await kronos(['orphans', ...at, '--json'], env);
    assert.equal(JSON.parse(orphans.stdout), { orphans: [] });
  } finally {
    run.child.kill('SIGTERM');
  }
  assert.is(await run.exited, 0);
  assert.match(run.output(), 'kronos: stopped');
});

test('run without a token prints the dashboard URL with a generated one, once', async () => {
  const { file } = jobDir();
  const run = await startRun([file, '--http', '--port', '0'], { KRONOS_TOKEN: '' });
  run.child.kill('SIGINT');
  assert.is(await run.exited, 0);
  const token = /#token=([\w-]+)/.exec(run.output())?.[1];
  assert.ok(token !== undefined && token.length >= 32);
  assert.is(run.output().split(token!).length - 1, 2, 'in the URL and the token line only');
});

test.run();
