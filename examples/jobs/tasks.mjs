// The actions examples/jobs.yaml names (module + export). Plain JavaScript, so worker threads
// and child processes load them without a TypeScript loader.
import { setTimeout as sleep } from 'node:timers/promises';

export async function heartbeat() {
  return { alive: true, at: new Date().toISOString() };
}

export async function syncInventory(source, { batchSize = 100 } = {}) {
  await sleep(200);
  return { source, batchSize, synced: Math.floor(Math.random() * batchSize) };
}

export async function sendReport(kind, { recipients = [] } = {}) {
  await sleep(100);
  return { kind, sentTo: recipients.length };
}

export async function closeBooks(region) {
  await sleep(300);
  return { region, closed: true };
}

/** Fails about one run in four, so the dashboard has errors to show. */
export async function flakyImport(feed) {
  await sleep(50);
  if (Math.random() < 0.25) throw new Error(`feed ${feed} answered 503`);
  return { feed, rows: 42 };
}

export async function backupDatabase(databases, directory) {
  await sleep(150);
  return { databases, directory };
}

export async function announceRelease(version) {
  return { version, announced: true };
}

/** The file's error handler: called with the error and the job when a run fails. */
export function reportFailure(error, job) {
  process.stderr.write(`job "${job.name}" failed: ${error instanceof Error ? error.message : String(error)}\n`);
}
