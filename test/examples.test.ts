/**
 * The runnable examples stay runnable: examples/cluster (two processes sharing a throwaway
 * PostgreSQL server) and examples/embedded (one process over PGlite, started twice on one data
 * directory), each with short durations. The cluster one needs the PostgreSQL server binaries
 * (skipped with KRONOS_SKIP_PG=1, like the server suites).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { skipPostgres } from './helpers/postgres.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const TSX = createRequire(import.meta.url).resolve('tsx');

/** Runs a Node script to its end; resolves with its exit code and the JSON of its last stdout line. */
function runExample<T>(args: string[], env: Record<string, string | undefined>, timeoutMs = 120_000): Promise<{ code: number | null; last: T; stdout: string; stderr: string }> {
  const merged = { ...process.env, ...env };
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete merged[key];
  const child = spawn(process.execPath, args, { cwd: ROOT, env: merged, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${args.join(' ')} did not finish within ${timeoutMs / 1000} s; stderr: ${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(guard);
      const line = stdout.trim().split('\n').at(-1) ?? '';
      try {
        resolve({ code, last: JSON.parse(line) as T, stdout, stderr });
      } catch {
        reject(new Error(`${args.join(' ')} exited ${String(code)} without a JSON summary; stdout: ${stdout}; stderr: ${stderr}`));
      }
    });
  });
}

interface ClusterSummary {
  workers: Array<{ worker: string; runs: number }>;
  slots: number;
  duplicates: number;
}

test('examples/cluster: two processes share a throwaway server and no slot runs twice', async () => {
  if (skipPostgres) return;
  const { code, last, stdout } = await runExample<ClusterSummary>(['examples/cluster/run.mjs'], { DATABASE_URL: undefined, DURATION_MS: '3000', EXAMPLE_JSON: '1' });
  assert.is(code, 0, stdout);
  assert.equal(last.workers.map((w) => w.worker), ['worker-a', 'worker-b']);
  assert.is(last.duplicates, 0);
  assert.ok(last.slots > 0, 'some slot ran');
  assert.is(last.workers.reduce((a, w) => a + w.runs, 0), last.slots, 'every run is a slot of its own');
  assert.match(stdout, /no slot ran twice/);
});

interface EmbeddedSummary {
  declared: { tick: string; nightly: string };
  runs: number;
  history: number;
}

test('examples/embedded: one process over PGlite; a second start finds its schedules unchanged and its history kept', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kronos-example-'));
  try {
    const env = { KRONOS_DATA_DIR: join(dir, 'data'), DURATION_MS: '1500' };
    const first = await runExample<EmbeddedSummary>(['--import', TSX, 'examples/embedded/run.ts'], env);
    assert.is(first.code, 0, first.stderr);
    assert.equal(first.last.declared, { tick: 'created', nightly: 'created' });
    assert.is(first.last.history, first.last.runs);
    const second = await runExample<EmbeddedSummary>(['--import', TSX, 'examples/embedded/run.ts'], env);
    assert.is(second.code, 0, second.stderr);
    assert.equal(second.last.declared, { tick: 'unchanged', nightly: 'unchanged' });
    assert.is(second.last.history, first.last.runs + second.last.runs);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
