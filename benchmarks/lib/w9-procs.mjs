// W9 plumbing: forking scheduler processes (one Node process per scheduler, as deployed),
// telling them to stop and collecting what each ran, and one pg client for the cell's own
// measurements (taken from the tables, in database time).
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { round } from './common.mjs';

/** Forks `count` copies of `file` with a JSON argument each; resolves when every one said ready. */
export async function forkAll(file, count, argOf) {
  const procs = Array.from({ length: count }, (_, i) => {
    const child = fork(file, [JSON.stringify(argOf(i))], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const ready = new Promise((resolve, reject) => {
      child.on('message', (m) => m?.type === 'ready' && resolve());
      child.on('exit', (code) => reject(new Error(`worker ${i} exited (${code}) before it was ready: ${stderr.trim().split('\n').slice(-3).join(' | ')}`)));
    });
    const done = new Promise((resolve) => {
      child.on('message', (m) => m?.type === 'done' && resolve(m));
      child.on('exit', () => resolve(null));
    });
    return { child, ready, done };
  });
  try {
    await Promise.all(procs.map((p) => p.ready));
  } catch (error) {
    for (const p of procs) p.child.kill('SIGKILL');
    throw error;
  }
  return {
    /** Stops every process; returns each one's `{ runs, errors }` (null for one that died). */
    async stop(timeoutMs = 10_000) {
      for (const p of procs) p.child.send({ type: 'stop' });
      const kill = setTimeout(() => { for (const p of procs) p.child.kill('SIGKILL'); }, timeoutMs);
      const results = await Promise.all(procs.map((p) => p.done));
      clearTimeout(kill);
      return results;
    },
    kill() { for (const p of procs) p.child.kill('SIGKILL'); },
  };
}

/** A pg client for the cell's measurements. */
export async function sql(url) {
  const client = new pg.Client({ connectionString: url, application_name: 'w9-measure' });
  client.on('error', () => {});
  await client.connect();
  return {
    query: async (text, params) => (await client.query(text, params)).rows,
    /** The database's now(), epoch ms. */
    now: async () => Number((await client.query('SELECT extract(epoch FROM now()) * 1000 AS t')).rows[0].t),
    close: () => client.end(),
  };
}

/** Polls `probe` every 100 ms until it returns true or `ms` pass; returns whether it did. */
export async function until(probe, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await probe()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

/** A temp directory removed on exit. */
export function tempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Keys seen more than once across processes (`name@slot` keys or job ids). */
export function duplicates(lists) {
  const seen = new Set();
  let dup = 0;
  for (const list of lists) for (const key of list ?? []) { if (seen.has(key)) dup++; else seen.add(key); }
  return dup;
}

/** A timestamp read as epoch ms (null stays null). */
export const ms = (x) => (x === null || x === undefined ? null : Number(x));

/**
 * The figures of a throughput cell (kronos claims or pg-boss send + work), from the table's
 * `{ n, first, last, done, last_done }` (database time, ms) and each process's `{ runs, errors }`;
 * `t` is the instant every slot or job came due.
 */
export function throughput(r, t, per) {
  const first = ms(r.first), last = ms(r.last), lastDone = ms(r.last_done);
  return {
    claimed: r.n, completed: r.done,
    claimsPerSec: round(r.n / ((last - first) / 1000), 0),
    claimsPerSecFromDue: round(r.n / ((last - t) / 1000), 0),
    completedPerSecFromDue: round(r.done / ((lastDone - t) / 1000), 0),
    firstClaimAfterDueMs: round(first - t, 1),
    runsPerProcess: per.map((p) => p?.runs.length ?? null),
    duplicates: duplicates(per.map((p) => p?.runs)),
    errors: per.reduce((a, p) => a + (p?.errors ?? 0), 0),
  };
}
