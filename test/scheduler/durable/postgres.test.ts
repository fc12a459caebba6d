/**
 * End to end over a real PostgreSQL server (a throwaway cluster): schedulers as separate
 * processes would be, each with its own PostgresStore (its own pool) on one database. Real
 * time, short leases; the asserts are on what the runs table holds, not on timings.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { setTimeout as sleep } from 'node:timers/promises';
import { systemClock } from '../../../lib/internal/clock.js';
import { Scheduler } from '../../../lib/scheduler/scheduler.js';
import { PostgresStore } from '../../../lib/store/postgres/postgres-store.js';
import { currentRun } from '../../../lib/execution/current-run.js';
import type { Clock } from '../../../lib/types.js';
import { skipPostgres, startPostgres } from '../../helpers/postgres.js';
import type { TestPostgres } from '../../helpers/postgres.js';

const test = suite('durable engine over a PostgreSQL server');
const quiet = { warn: () => {}, error: () => {} };
let server: TestPostgres | undefined;
let schemas = 0;
const stores: PostgresStore[] = [];
const schedulers: Array<Scheduler<PostgresStore>> = [];

/** The real clock, whose timers stop firing once `dead`: a process gone without a word. */
class MortalClock implements Clock {
  dead = false;
  now(): number {
    return systemClock.now();
  }
  monotonic(): number {
    return systemClock.monotonic();
  }
  setTimeout(callback: () => void, ms: number): unknown {
    return systemClock.setTimeout(() => {
      if (!this.dead) callback();
    }, ms);
  }
  clearTimeout(handle: unknown): void {
    systemClock.clearTimeout(handle);
  }
}

/** A fresh schema; `processes` stores on it (one pool each, as separate processes have). */
async function database(processes: number): Promise<PostgresStore[]> {
  server ??= await startPostgres();
  const schema = `engine${++schemas}`;
  const opened = Array.from({ length: processes }, () => new PostgresStore({ connectionString: server!.url }, { schema }));
  stores.push(...opened);
  await opened[0]!.migrate();
  return opened;
}

function scheduler(store: PostgresStore, options: Omit<ConstructorParameters<typeof Scheduler<PostgresStore>>[0], 'store'> = {}): Scheduler<PostgresStore> {
  const s = new Scheduler({ store, logger: quiet, ...options });
  schedulers.push(s);
  return s;
}

async function until(check: () => Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(20);
  }
}

test.after.each(async () => {
  for (const s of schedulers.splice(0)) await s.stop({ timeout: 0 });
  for (const store of stores.splice(0)) await store.close();
});

test.after(async () => {
  await server?.stop();
});

test('two schedulers on one database, short leases: exactly one run per slot over 20 slots', async () => {
  const [storeA, storeB] = await database(2);
  const a = scheduler(storeA!, { pollInterval: 100, leaseMs: 600 });
  const b = scheduler(storeB!, { pollInterval: 100, leaseMs: 600 });
  const executed: string[] = [];
  for (const s of [a, b]) s.define('tick', () => void executed.push(`${currentRun()!.scheduledAt.getTime()}/${currentRun()!.kind}`));
  const spec = { name: 'tick', action: 'tick', interval: { milliseconds: 200 }, initialDelay: { milliseconds: 200 } } as const;
  const first = await a.addIntervalTask(spec);
  assert.is((await b.addIntervalTask(spec)).result, 'unchanged');
  a.start();
  b.start();
  const origin = first.task.nextRunAt!.getTime();
  await until(async () => (await storeA!.runs('tick', 100)).filter((r) => r.status === 'success').length >= 21, '21 finished runs', 20_000);
  await Promise.all([a.stop(), b.stop()]);
  const runs = (await storeA!.runs('tick', 100)).sort((x, y) => x.slot - y.slot);
  assert.is(new Set(runs.map((r) => `${r.slot}/${r.kind}`)).size, runs.length, 'one run per (slot, kind)');
  assert.is(new Set(executed).size, executed.length, 'each run executed once, in one of the two');
  assert.is(executed.length, runs.length);
  const scheduled = runs.filter((r) => r.kind === 'scheduled').map((r) => (r.slot - origin) / 200);
  assert.ok(scheduled.length >= 20, `got ${scheduled.length} scheduled runs`);
  assert.equal(scheduled, Array.from({ length: scheduled.length }, (_, i) => i), 'every slot from the first, on the grid, none lost');
  for (const run of runs) assert.equal([run.status, run.attempt], ['success', 1]);
  assert.equal(await storeA!.instances(), [], 'both instances left on stop()');
});

test('runNow from a producer runs on a worker at once, as attempt 1 (not after a lease)', async () => {
  const [producerStore, workerStore] = await database(2);
  const producer = scheduler(producerStore!, { execute: false });
  const worker = scheduler(workerStore!, { leaseMs: 60_000 });
  const ran: Array<{ kind: string; attempt: number }> = [];
  worker.define('job', () => void ran.push({ kind: currentRun()!.kind, attempt: currentRun()!.attempt }));
  await producer.addIntervalTask({ name: 'j', action: 'job', interval: { hours: 1 }, initialDelay: { hours: 1 } });
  producer.start();
  worker.start();
  await until(async () => (await workerStore!.instances()).length === 2, 'both instances registered');
  const at = await producer.runNow('j');
  await until(async () => (await producerStore!.runs('j', 1))[0]?.status === 'success', 'the manual run recorded', 5000);
  assert.equal(ran, [{ kind: 'manual', attempt: 1 }]);
  const [run] = await producerStore!.runs('j', 1);
  assert.equal([run?.kind, run?.slot, run?.status, run?.attempt], ['manual', at.getTime(), 'success', 1]);
  const [info] = (await producerStore!.instances()).filter((i) => i.execute);
  assert.is(run?.instanceId, info?.id);
});

test('a scheduler dropped without stop(): its lost run is retried by a live one after the lease, and its instance expires', async () => {
  const [storeA, storeB] = await database(2);
  const mortal = new MortalClock();
  const a = scheduler(storeA!, { clock: mortal, leaseMs: 600, pollInterval: 100 });
  const b = scheduler(storeB!, { leaseMs: 600, pollInterval: 100 });
  const ran: Array<[string, number]> = [];
  a.define('job', () => {
    ran.push(['a', currentRun()!.attempt]);
    return new Promise(() => {}); // dies mid-run
  });
  b.define('job', () => void ran.push(['b', currentRun()!.attempt]));
  await a.addSingleTask({ name: 'once', action: 'job', at: new Date(Date.now() + 300) });
  a.start();
  await until(async () => ran.length === 1, 'the first attempt on a');
  mortal.dead = true; // no more heartbeats, claims or stop(): as SIGKILL
  b.start();
  await until(async () => ran.length === 2, 'the retry on b');
  assert.equal(ran, [['a', 1], ['b', 2]]);
  await until(async () => (await storeB!.runs('once', 1))[0]?.status === 'success', 'the retry recorded');
  const [run] = await storeB!.runs('once', 1);
  assert.equal(run?.attempts.map((x) => x.status), ['lost', 'success']);
  await until(async () => (await storeB!.instances()).length === 1, "a's instance expired (3 leases unseen)", 5000);
  assert.is((await storeB!.instances())[0]?.execute, true);
});

if (!skipPostgres) test.run();
