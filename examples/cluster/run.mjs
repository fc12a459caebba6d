#!/usr/bin/env node
// Two scheduler processes sharing one PostgreSQL database: `node examples/cluster/run.mjs`.
// Uses DATABASE_URL when set; otherwise starts a throwaway local server (the PostgreSQL server
// binaries must be installed: `apt-get install postgresql`) and removes it at the end.
// Runs both workers for DURATION_MS (default 10000), then prints how many runs each did and
// checks that no slot ran twice (exit code 1 if one did). With EXAMPLE_JSON=1 the last line
// is a JSON summary (what test/examples.test.ts reads).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { startPostgres } from '../../scripts/lib/postgres-cluster.mjs';

const worker = fileURLToPath(new URL('./worker.ts', import.meta.url));
const tsx = createRequire(import.meta.url).resolve('tsx');
const duration = Number(process.env.DURATION_MS ?? 10_000);

let server = null;
let url = process.env.DATABASE_URL;
if (!url) {
  console.log('DATABASE_URL is not set: starting a throwaway PostgreSQL server...');
  server = await startPostgres();
  url = server.url;
  console.log(`server up on port ${server.port} (${server.startMs} ms)`);
}

function launch(label) {
  const child = spawn(process.execPath, ['--import', tsx, worker], {
    env: { ...process.env, DATABASE_URL: url, WORKER: label, DURATION_MS: String(duration) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => {
      const line = out.trim().split('\n').at(-1);
      if (code !== 0 || !line) reject(new Error(`worker ${label} exited with ${code}`));
      else resolve(JSON.parse(line));
    });
  });
}

let failed = false;
try {
  console.log(`two workers, ${duration / 1000} s...`);
  const results = await Promise.all([launch('worker-a'), launch('worker-b')]);
  const seen = new Map();
  for (const r of results) for (const key of r.runs) seen.set(key, (seen.get(key) ?? 0) + 1);
  const twice = [...seen].filter(([, n]) => n > 1).map(([key]) => key);
  for (const r of results) {
    const byName = {};
    for (const key of r.runs) { const name = key.slice(0, key.indexOf('@')); byName[name] = (byName[name] ?? 0) + 1; }
    console.log(`${r.worker} (pid ${r.pid}): ${r.runs.length} runs ${JSON.stringify(byName)}`);
  }
  console.log(twice.length === 0 ? `no slot ran twice (${seen.size} slots, ${results.reduce((a, r) => a + r.runs.length, 0)} runs)` : `SLOTS RAN TWICE: ${twice.join(', ')}`);
  failed = twice.length > 0;
  if (process.env.EXAMPLE_JSON === '1') console.log(JSON.stringify({ workers: results.map((r) => ({ worker: r.worker, runs: r.runs.length })), slots: seen.size, duplicates: twice.length }));
} catch (error) {
  console.error(error);
  failed = true;
} finally {
  await server?.stop();
}
process.exit(failed ? 1 : 0);
