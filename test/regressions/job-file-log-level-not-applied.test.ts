// Issue 13 leftover 2: the job file's `logLevel` was parsed but never applied by `kronos run`.
/**
 * `kronos run` applies the job file's `logLevel` to the logger it gives the scheduler, and
 * `--log-level` wins over it. Real child processes on the real clock: each run waits for a line
 * that proves the events in question happened (a run succeeded after a slot was skipped for
 * it), then stops the process and reads what it logged.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kronos, startRun } from '../admin/cli-helpers.js';

const test = suite('kronos run: logLevel');

/** A file with a job that always fails and a slow one whose slots overlap (a skip warning). */
function jobFile(logLevel: string | null): string {
  const dir = mkdtempSync(join(tmpdir(), 'kronos-log-'));
  writeFileSync(join(dir, 'tasks.mjs'), [
    'export function fail() { throw new Error("always broken"); }',
    'export async function slow() { await new Promise((r) => setTimeout(r, 250)); process.stdout.write("slow done\\n"); }',
    '',
  ].join('\n'));
  const file = join(dir, 'jobs.yaml');
  writeFileSync(file, [
    ...(logLevel === null ? [] : [`logLevel: ${logLevel}`]),
    'jobs:',
    '  fail: { type: interval, interval: 100ms, module: ./tasks.mjs, export: fail, processMethod: concurrent }',
    '  slow: { type: interval, interval: 100ms, module: ./tasks.mjs, export: slow, processMethod: concurrent }',
    '',
  ].join('\n'));
  return file;
}

/** Runs FILE until the slow job finished once (its second slot was skipped meanwhile); the stderr. */
async function logOf(file: string, extra: string[] = []): Promise<string> {
  const run = await startRun([file, ...extra]);
  const end = Date.now() + 10_000;
  while (!run.output().includes('slow done') && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  // The first success is logged right after "slow done": give the parent a moment to write it.
  await new Promise((r) => setTimeout(r, 100));
  run.child.kill('SIGTERM');
  assert.is(await run.exited, 0);
  assert.match(run.output(), 'slow done');
  return run.output().split('\n').filter((line) => line.startsWith('kronos: ') && / (debug|info|warning|error): /.test(line)).join('\n');
}

const levels = (log: string): string[] => [...new Set([...log.matchAll(/^kronos: (\w+): /gm)].map((m) => m[1]!))].sort();

test('without a level: warnings and errors (the library default), no info or debug', async () => {
  const log = await logOf(jobFile(null));
  assert.equal(levels(log), ['error', 'warning']);
  assert.match(log, /^kronos: error: Task "fail" failed Error: always broken/m);
  assert.match(log, /^kronos: warning: Task "slow" skipped a run: maxInstances \(1\) still running after \d+ ms$/m);
});

test('logLevel: error hides warnings and info; critical hides errors too', async () => {
  const log = await logOf(jobFile('error'));
  assert.equal(levels(log), ['error']);
  assert.match(log, /^kronos: error: Task "fail" failed/m);
  assert.equal(levels(await logOf(jobFile('CRITICAL'))), []);
});

test('logLevel: debug shows debug lines (runs started, jobs loaded) and info lines (runs succeeded)', async () => {
  const log = await logOf(jobFile('debug'));
  assert.equal(levels(log), ['debug', 'error', 'info', 'warning']);
  assert.match(log, /^kronos: debug: job fail: created$/m);
  assert.match(log, /^kronos: debug: run started: slow \(scheduled, slot \d{4}-\d\d-\d\dT[\d:.]+Z\)$/m);
  assert.match(log, /^kronos: info: run succeeded: slow in \d+ ms$/m);
});

test('--log-level wins over the file: debug in the file, error on the command line', async () => {
  assert.equal(levels(await logOf(jobFile('debug'), ['--log-level', 'error'])), ['error']);
  assert.equal(levels(await logOf(jobFile('error'), ['--log-level', 'INFO'])), ['error', 'info', 'warning']);
});

test('a bad --log-level is a usage error (exit 2) naming the levels', async () => {
  const r = await kronos(['run', jobFile(null), '--log-level', 'loud']);
  assert.is(r.code, 2);
  assert.match(r.stderr, "option '--log-level <level>' argument 'loud' is invalid. expected one of debug, info, warning, error, critical (or warn)");
});

test.run();
