// Issue 12 gap 6: a run still going at stop()'s timeout was aborted but left 'running' in the
// store, so it counted against maxInstances until its lease ran out and a peer "recovered" a
// run its own process had given up on (as attempt 2). It is now completed as an error with
// its fencing token.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { currentRun } from '../../lib/execution/current-run.js';
import { RunAbortedError } from '../../lib/errors.js';
import { T0, node, stopNodes, world } from '../scheduler/durable/helpers.js';

const test = suite('durable stop() timeout leaves runs running');
test.after.each(stopNodes);

test('a run going at the timeout is recorded as an error and its signal aborted', async () => {
  const { clock, store } = world();
  const a = node(store, clock, { leaseMs: 3000 });
  let signal: AbortSignal | undefined;
  a.scheduler.define('hung', () => {
    signal = currentRun()!.signal;
    return new Promise(() => {});
  });
  await a.scheduler.addSingleTask({ name: 'hung', action: 'hung', at: T0 + 10 });
  a.scheduler.start();
  await clock.advance(10);
  const stopping = a.scheduler.stop({ timeout: 1000 });
  await clock.advance(1000);
  await stopping;
  assert.instance(signal?.reason, RunAbortedError);
  const [run] = await store.runs('hung', 1);
  assert.equal([run?.status, run?.attempt, run?.attempts[0]?.error?.name], ['error', 1, 'RunAbortedError']);
  assert.is((await store.getSchedule('hung'))?.lastOutcome?.status, 'error');
  const b = node(store, clock, { leaseMs: 3000 });
  b.scheduler.define('hung', () => assert.unreachable('no peer recovers it'));
  b.scheduler.start();
  await clock.advance(10_000);
});

test.run();
