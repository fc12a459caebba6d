/**
 * A large queue prepares its next runs while idle before them (wake.ts, QueueWake): it wakes a
 * lead before the head and takes the runs due soon out of the heap onto the stage, in order
 * (RunQueue.prepare). Nothing about which run comes when may change.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { RunQueue, STAGE_SIZE } from '../../lib/scheduler/queue.js';
import { PREPARE_LEAD_MS, PREPARE_MIN_SIZE } from '../../lib/scheduler/wake.js';
import { SingleTask } from '../../lib/tasks/single-task.js';
import { TaskRecord } from '../../lib/scheduler/task-record.js';
import { harness, stopAll, T0 } from '../helpers.js';
import { mulberry32 } from '../time/oracle-cases.js';

const test = suite('preparing the next runs');
test.after.each(stopAll);

const records = (count: number): TaskRecord[] =>
  Array.from({ length: count }, (_, i) => new TaskRecord(new SingleTask({ name: `r${i}`, at: 0, action: () => {} })));

/** Pops everything due by `now`. */
const popAll = (queue: RunQueue, now = Infinity): unknown[] => {
  const out: unknown[] = [];
  for (let e = queue.popDue(now); e; e = queue.popDue(now)) out.push(e);
  return out;
};

test('prepare takes the entries due by its limit, in order, and stops at its deadline to go on later', () => {
  const random = mulberry32(3);
  const prepared = new RunQueue();
  const plain = new RunQueue();
  const [a, b] = [records(3000), records(3000)];
  for (let i = 0; i < 3000; i++) {
    const at = Math.floor(random() * 200);
    prepared.push(a[i] as TaskRecord, at);
    plain.push(b[i] as TaskRecord, at);
  }
  // A clock that moves 1 ms at each read: the deadline, 3 reads away, comes after 3 × 256 entries.
  let t = 0;
  const clock = (): number => t++;
  assert.is(prepared.prepare(100, 3, clock), false);
  assert.is(t, 4);
  assert.is(prepared.prepare(100, Infinity, clock), true);
  assert.is(prepared.size, 3000);
  // Nothing due by 100 is left in the heap: the head comes from the stage in the same order.
  assert.equal(popAll(prepared).map((r) => a.indexOf(r as TaskRecord)), popAll(plain).map((r) => b.indexOf(r as TaskRecord)));
  assert.is(prepared.size, 0);
});

test('pushes, moves and removals of prepared entries, and earlier entries placed after, keep the order', () => {
  const queue = new RunQueue();
  const rs = records(10);
  rs.forEach((r, i) => queue.push(r, 10 + i));
  assert.is(queue.prepare(15, Infinity, () => 0), true);
  queue.remove(rs[1] as TaskRecord);
  queue.push(rs[2] as TaskRecord, 100);
  const early = new TaskRecord(new SingleTask({ name: 'early', at: 0, action: () => {} }));
  queue.push(early, 12);
  assert.is(queue.atOf(rs[3] as TaskRecord), 13);
  assert.is(queue.atOf(rs[2] as TaskRecord), 100);
  // The heap's head (16) comes after the stage's last entry: appending keeps order.
  assert.is(queue.prepare(17, Infinity, () => 0), true);
  assert.equal(popAll(queue, 12), [rs[0], early]);
  assert.equal(popAll(queue), [rs[3], rs[4], rs[5], rs[6], rs[7], rs[8], rs[9], rs[2]]);
});

test("appending stops while the heap holds an entry earlier than the stage's last one", () => {
  const queue = new RunQueue();
  const rs = records(4);
  queue.push(rs[0] as TaskRecord, 10);
  queue.push(rs[1] as TaskRecord, 20);
  queue.prepare(10, Infinity, () => 0);
  queue.push(rs[2] as TaskRecord, 5);
  queue.push(rs[3] as TaskRecord, 8);
  assert.is(queue.prepare(30, Infinity, () => 0), true);
  assert.equal(popAll(queue), [rs[2], rs[3], rs[0], rs[1]]);
});

test('a prepared stage is warmed a batch at a time as it is handed out', () => {
  const batches: number[] = [];
  const queue = new RunQueue((nodes) => (batches.push(nodes.length), 0));
  const rs = records(STAGE_SIZE * 2 + 5);
  rs.forEach((r, i) => queue.push(r, i));
  queue.prepare(Infinity, Infinity, () => 0);
  assert.equal(batches, []);
  queue.remove(rs[3] as TaskRecord);
  assert.is(popAll(queue, 0).length, 1);
  assert.equal(batches, [STAGE_SIZE - 1]);
  assert.is(popAll(queue).length, rs.length - 2);
  assert.equal(batches, [STAGE_SIZE - 1, STAGE_SIZE, 5]);
});

test('a large queue wakes a lead before its head, runs everything at its time and in order, and sleeps until the head after', async () => {
  const h = harness({ listen: false });
  h.scheduler.start();
  const random = mulberry32(9);
  const ran: Array<[number, number]> = [];
  const due: number[] = [];
  const first = T0 + 10_000;
  for (let i = 0; i < PREPARE_MIN_SIZE + 500; i++) {
    const at = first + Math.floor(random() * 300);
    due.push(at);
    h.scheduler.add(new SingleTask({ at, action: () => void ran.push([i, h.clock.now()]) }));
  }
  const head = Math.min(...due);
  assert.equal(h.clock.pendingDelays(), [head - PREPARE_LEAD_MS - T0]);
  await h.clock.advance(head - PREPARE_LEAD_MS - T0);
  // Prepared: nothing ran, and the timer waits for the head.
  assert.equal(ran, []);
  assert.equal(h.clock.pendingDelays(), [PREPARE_LEAD_MS]);
  // A task placed now, earlier than the head, still runs at its time.
  h.scheduler.add(new SingleTask({ at: head - 50, action: () => void ran.push([-1, h.clock.now()]) }));
  await h.clock.advance(PREPARE_LEAD_MS + 300);
  const expected = [[-1, head - 50], ...due.map((at, i) => [i, at]).sort((x, y) => (x[1] as number) - (y[1] as number) || (x[0] as number) - (y[0] as number))];
  assert.equal(ran, expected);
});

test('a queue under the size wakes at its head, not before', async () => {
  const h = harness({ listen: false });
  h.scheduler.start();
  for (let i = 0; i < PREPARE_MIN_SIZE - 1; i++) h.scheduler.add(new SingleTask({ at: T0 + 10_000 + (i % 50), action: () => {} }));
  assert.equal(h.clock.pendingDelays(), [10_000]);
});

test.run();
