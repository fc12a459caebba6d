// Issue 12 gap 1: recoverLost took over lost runs of every queue, so a worker serving only
// 'default' ran (as attempt 2) a 'reports' run whose process died, although it was told never
// to run that queue. Recovery now takes only runs of the queues the process serves.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { currentRun } from '../../lib/execution/current-run.js';
import { T0, node, stopNodes, world } from '../scheduler/durable/helpers.js';

const test = suite('durable recovery ignores queues');
test.after.each(stopNodes);

test("a lost run of the 'reports' queue is recovered only by a process serving 'reports'", async () => {
  const { clock, store } = world();
  const dying = node(store, clock, { leaseMs: 3000, queues: ['reports'] });
  const other = node(store, clock, { leaseMs: 3000, queues: ['default'] });
  const ran: Array<[string, number]> = [];
  dying.scheduler.define('job', () => {
    ran.push(['dying', currentRun()!.attempt]);
    return new Promise(() => {});
  });
  other.scheduler.define('job', () => void ran.push(['other', currentRun()!.attempt]));
  await dying.scheduler.addSingleTask({ name: 'report', action: 'job', at: T0 + 1000, queue: 'reports' });
  dying.scheduler.start();
  other.scheduler.start();
  await clock.advance(1000);
  dying.kill();
  await clock.advance(10_000);
  assert.equal(ran, [['dying', 1]], "the 'default' worker leaves the lost 'reports' run alone");
  assert.is((await store.runs('report', 1))[0]?.status, 'running');
  const reports = node(store, clock, { leaseMs: 3000, queues: ['reports'] });
  reports.scheduler.define('job', () => void ran.push(['reports', currentRun()!.attempt]));
  reports.scheduler.start();
  await clock.advance(1000);
  assert.equal(ran, [['dying', 1], ['reports', 2]]);
});

test.run();
