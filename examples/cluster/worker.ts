/**
 * One scheduler process of the cluster example (started twice by run.mjs). Every process
 * declares the same durable schedules at start-up: the first one creates them, the others get
 * `unchanged`. Any process may run any slot; the store makes sure each slot runs once.
 *
 * Environment: DATABASE_URL (required), WORKER (a label for the output), DURATION_MS (how long
 * to run, default 10000). Prints one JSON line on stdout at the end: `{ worker, pid, runs }`,
 * where `runs` lists `name@slot` for every run this process did.
 */
import { PostgresStore, Scheduler, currentRun } from '../../lib/index.js';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is not set (run.mjs sets it)');
const label = process.env.WORKER ?? `pid ${process.pid}`;
const duration = Number(process.env.DURATION_MS ?? 10_000);
const log = (message: string): void => void process.stderr.write(`[${label}] ${message}\n`);

// A schema of its own, so the example never touches the tables of an app using `kronos`.
const store = new PostgresStore({ connectionString: url }, { schema: 'kronos_example' });
await store.migrate(); // idempotent, and safe from both processes at once

const scheduler = new Scheduler({ store });
const runs: string[] = [];
const record = (): string => {
  const run = currentRun()!;
  const key = `${run.name}@${run.scheduledAt.toISOString()}`;
  runs.push(key);
  return key;
};
scheduler.define('heartbeat', () => void record());
scheduler.define('report', async (team: string) => {
  const key = record();
  log(`report for ${team}: ${key}`);
});
scheduler.on('error', ({ error }) => log(`error: ${String(error)}`));

// Durable schedules name their handler and keep only JSON arguments.
const heartbeat = await scheduler.addIntervalTask({ name: 'heartbeat', action: 'heartbeat', interval: { seconds: 1 }, processMethod: 'concurrent' });
const report = await scheduler.addIntervalTask({ name: 'report', action: 'report', args: ['ops'], interval: { seconds: 2 }, processMethod: 'concurrent' });
log(`declared heartbeat: ${heartbeat.result}, report: ${report.result}`);

scheduler.start();
await new Promise((resolve) => setTimeout(resolve, duration));
await scheduler.stop();
await store.close();
process.stdout.write(`${JSON.stringify({ worker: label, pid: process.pid, runs })}\n`);
