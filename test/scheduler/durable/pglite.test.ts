/**
 * End to end over the embedded PostgreSQL store (PGlite): the real SQL, the real clock. Two
 * schedulers share one store as two processes share a database. Real time, so the asserts are
 * on what the runs table holds (one run per slot, on the grid), not on timings.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Scheduler } from '../../../lib/scheduler/scheduler.js';
import { PostgresStore } from '../../../lib/store/postgres/postgres-store.js';
import { currentRun } from '../../../lib/execution/current-run.js';

const test = suite('durable engine over PGlite');
const dir = mkdtempSync(join(tmpdir(), 'kronos-durable-'));
const store = PostgresStore.embedded(join(dir, 'data'));
const quiet = { warn: () => {}, error: () => {} };

test.before(async () => {
  await store.migrate();
});

test.after(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

test('two schedulers on one database: declared once, each slot of a 250 ms interval runs exactly once', async () => {
  const a = new Scheduler({ store, logger: quiet, pollInterval: 100 });
  const b = new Scheduler({ store, logger: quiet, pollInterval: 100 });
  const by: Record<string, string> = {};
  a.define('tick', () => void (by[currentRun()!.scheduledAt.toISOString()] = 'a'));
  b.define('tick', () => void (by[currentRun()!.scheduledAt.toISOString()] = 'b'));
  const spec = { name: 'tick', action: 'tick', interval: { milliseconds: 250 }, initialDelay: { milliseconds: 250 } } as const;
  const first = await a.addIntervalTask(spec);
  const second = await b.addIntervalTask(spec);
  assert.equal([first.result, second.result], ['created', 'unchanged']);
  assert.equal(second.task.nextRunAt, first.task.nextRunAt);
  a.start();
  b.start();
  await sleep(2000);
  await Promise.all([a.stop(), b.stop()]);
  const runs = (await store.runs('tick', 100)).sort((x, y) => x.slot - y.slot);
  const origin = first.task.nextRunAt!.getTime();
  assert.ok(runs.length >= 4, `expected at least 4 runs in 2 s, got ${runs.length}`);
  assert.is(new Set(runs.map((r) => `${r.slot}/${r.kind}`)).size, runs.length, 'one run per (slot, kind)');
  for (const run of runs) {
    assert.is((run.slot - origin) % 250, 0, 'slots stay on the grid');
    assert.is(run.status, 'success');
  }
  const scheduled = runs.filter((r) => r.kind === 'scheduled').map((r) => (r.slot - origin) / 250);
  assert.equal(scheduled, Array.from({ length: scheduled.length }, (_, i) => scheduled[0]! + i), 'no slot lost between the first and the last');
  assert.is(Object.keys(by).length, runs.length, 'each run executed once, in one of the two');
  assert.equal(await store.instances(), [], 'both instances left on stop()');
});

test('slots that came due while no scheduler ran: one catchup run and the rest counted missed', async () => {
  const producer = new Scheduler({ store, logger: quiet, execute: false });
  await producer.addIntervalTask({ name: 'restart', action: 'r', interval: { milliseconds: 100 }, initialDelay: { milliseconds: 100 }, misfireGraceTime: { milliseconds: 20 } });
  await sleep(650); // nobody runs: ~6 slots come due
  const worker = new Scheduler({ store, logger: quiet, pollInterval: 100 });
  const kinds: string[] = [];
  const missed: number[] = [];
  worker.define('r', () => void kinds.push(currentRun()!.kind));
  worker.on('missed', ({ count }) => void missed.push(count));
  worker.start();
  await sleep(300);
  await worker.stop();
  assert.is(kinds[0], 'catchup');
  assert.ok(missed[0]! >= 3, `expected the passed slots counted, got ${missed[0]}`);
  const runs = await store.runs('restart', 100);
  assert.is(new Set(runs.map((r) => `${r.slot}/${r.kind}`)).size, runs.length);
});

test('runNow on a durable store is a manual run beside the grid; tasks() answers from the database', async () => {
  const s = new Scheduler({ store, logger: quiet, pollInterval: 100 });
  const kinds: string[] = [];
  s.define('m', () => void kinds.push(currentRun()!.kind));
  await s.addIntervalTask({ name: 'manual', action: 'm', interval: 60_000, initialDelay: 60_000 });
  s.start();
  await s.runNow('manual');
  await sleep(200);
  await s.onIdle();
  await s.stop();
  assert.equal(kinds, ['manual']);
  const info = (await s.tasks()).find((t) => t.name === 'manual');
  assert.equal([info?.runs, info?.lastOutcome?.status], [1, 'success']);
});

test.run();
