/**
 * One process with durable schedules and nothing to install: `npx tsx examples/embedded/run.ts`.
 * The store is PostgreSQL compiled to WebAssembly (PGlite, `npm install @electric-sql/pglite`)
 * in a data directory, by default examples/embedded/.data/kronos (git-ignored). Run it twice:
 * the second time the schedules are `unchanged` and the run history of the first is still there.
 *
 * Environment: KRONOS_DATA_DIR (another data directory), DURATION_MS (default 5000). Prints
 * a JSON summary as its last line: `{ declared, runs, history }`.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PostgresStore, Scheduler, currentRun } from '../../lib/index.js';

const dataDir = process.env.KRONOS_DATA_DIR ?? fileURLToPath(new URL('./.data/kronos', import.meta.url));
const duration = Number(process.env.DURATION_MS ?? 5000);

// The lock file goes beside the data directory, so its parent must exist.
mkdirSync(dirname(dataDir), { recursive: true });
// A second process opening the same directory gets a StoreLockedError naming this one's pid.
const store = PostgresStore.embedded(dataDir);
await store.migrate(); // creating a data directory takes a few seconds; reopening it, well under one

const scheduler = new Scheduler({ store });
let runs = 0;
scheduler.define('tick', () => {
  runs++;
  console.log(`tick for ${currentRun()!.scheduledAt.toISOString()}`);
});
scheduler.define('hello', (name: string) => console.log(`hello, ${name}`));
scheduler.on('error', ({ error }) => console.error(error));

const tick = await scheduler.addIntervalTask({ name: 'tick', action: 'tick', interval: { seconds: 1 }, processMethod: 'concurrent' });
const nightly = await scheduler.addCronTask({ name: 'nightly', action: 'hello', args: ['embedded'], cron: '0 3 * * *', timeZone: 'UTC' });
console.log(`${dataDir}: tick ${tick.result}, nightly ${nightly.result} (next run ${nightly.task.nextRunAt?.toISOString()})`);

scheduler.start();
await new Promise((resolve) => setTimeout(resolve, duration));
await scheduler.stop();
const history = (await store.runs('tick', 1000)).length;
await store.close();
console.log(`${runs} ticks in this run; ${history} kept in ${dataDir}`);
console.log(JSON.stringify({ declared: { tick: tick.result, nightly: nightly.result }, runs, history }));
