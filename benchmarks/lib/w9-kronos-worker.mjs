// One kronos scheduler process of W9 (forked by workloads/w9-durable.mjs): a Scheduler over a
// PostgresStore, written as users write it (define, then add*Task, then start). It records
// every run its handler saw (`name@slot`) and sends them back when told to stop.
//   argv: <json { url, schema, declare?: { interval, initialDelay } }>
// IPC: -> { type: 'ready' }   <- { type: 'stop' }   -> { type: 'done', runs, errors }
import { loadKronos } from './adapters.mjs';

const { url, schema, declare } = JSON.parse(process.argv[2]);
const { Scheduler, PostgresStore, currentRun, silentLogger } = await loadKronos();

const store = new PostgresStore({ connectionString: url }, { schema });
const scheduler = new Scheduler({ store, logger: silentLogger });
const seen = [];
let errors = 0;
scheduler.on('error', () => { errors++; });
scheduler.define('w9-noop', () => {
  const run = currentRun();
  seen.push(`${run.name}@${run.scheduledAt.getTime()}`);
});
if (declare) {
  // Every process declares its schedules at start-up: an upsert by name, 'unchanged' here (the
  // cell declared it, and copied it to the other names: see cloneRows in w9-durable.mjs).
  const { result } = await scheduler.addIntervalTask({ name: 'w9-0', action: 'w9-noop', processMethod: 'concurrent', ...declare });
  if (result !== 'unchanged') throw new Error(`w9-0 was ${result}, expected unchanged`);
}
scheduler.start();
process.send({ type: 'ready' });
process.on('message', async (message) => {
  if (message?.type !== 'stop') return;
  await scheduler.stop({ timeout: 5000 });
  await store.close();
  process.send({ type: 'done', runs: seen, errors }, () => process.exit(0));
});
