// One pg-boss process of W9 (forked by workloads/w9-durable.mjs): `work` on the given queues.
//   argv: <json { url, schema, queues: string[], batchSize, cron?: boolean }>
// IPC: -> { type: 'ready' }   <- { type: 'stop' }   -> { type: 'done', runs, errors }
import PgBoss from 'pg-boss';

const { url, schema, queues, batchSize, cron } = JSON.parse(process.argv[2]);
const boss = new PgBoss({
  connectionString: url, schema, max: 10,
  // Its finest settings: the cron monitor and the send-it worker look every second.
  ...(cron ? { cronMonitorIntervalSeconds: 1, cronWorkerIntervalSeconds: 1 } : { schedule: false }),
  supervise: false,
});
let errors = 0;
boss.on('error', () => { errors++; });
await boss.start();
const seen = [];
for (const queue of queues) {
  await boss.work(queue, { batchSize, pollingIntervalSeconds: 0.5 }, async (jobs) => {
    for (const job of jobs) seen.push(job.id);
  });
}
process.send({ type: 'ready' });
process.on('message', async (message) => {
  if (message?.type !== 'stop') return;
  await boss.stop({ graceful: true, wait: true, timeout: 5000 });
  process.send({ type: 'done', runs: seen, errors }, () => process.exit(0));
});
