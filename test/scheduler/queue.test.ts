import fc from 'fast-check';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { RunQueue, STAGE_SIZE } from '../../lib/scheduler/queue.js';
import { SingleTask } from '../../lib/tasks/single-task.js';
import { TaskRecord, recordOf } from '../../lib/scheduler/task-record.js';
import { harness, stopAll, T0 } from '../helpers.js';
import { mulberry32 } from '../time/oracle-cases.js';

const test = suite('run queue');
test.after.each(stopAll);

type Placed = { at: number; seq: number };
const byDue = ([, a]: [TaskRecord, Placed], [, b]: [TaskRecord, Placed]): number => a.at - b.at || a.seq - b.seq;
const oneShots = (count: number, prefix: string): TaskRecord[] =>
  Array.from({ length: count }, (_, i) => new TaskRecord(new SingleTask({ name: `${prefix}${i}`, at: 0, action: () => {} })));

/** A RunQueue and the oracle of what it holds: each push and removal goes to both. */
class Mirrored {
  readonly queue = new RunQueue();
  readonly live = new Map<TaskRecord, Placed>();
  #seq = 0;

  push(record: TaskRecord, at: number): void {
    this.queue.push(record, at);
    this.live.set(record, { at, seq: this.#seq++ });
  }

  remove(record: TaskRecord): void {
    this.queue.remove(record);
    this.live.delete(record);
  }

  /** The records held, in the order the queue must give them. */
  order(): TaskRecord[] {
    return [...this.live].sort(byDue).map(([r]) => r);
  }

  /** Pops everything left and checks it comes in the oracle's order, leaving the heap empty. */
  drains(): void {
    const rest: TaskRecord[] = [];
    for (let e = this.queue.popDue(Infinity); e; e = this.queue.popDue(Infinity)) rest.push(e as TaskRecord);
    assert.equal(rest, this.order());
    assert.is(this.queue.size, 0);
  }
}

test('pops in (due, priority, sequence) order, checked against Array.sort (seed 7)', () => {
  const random = mulberry32(7);
  const queue = new RunQueue();
  const expected: Array<{ at: number; priority: number; seq: number; name: string }> = [];
  for (let i = 0; i < 2000; i++) {
    const priority = Math.floor(random() * 3);
    const at = Math.floor(random() * 50);
    const task = new SingleTask({ name: `q${i}`, at, priority, action: () => {} });
    const entry = new TaskRecord(task);
    queue.push(entry, at);
    if (random() < 0.3) queue.remove(entry);
    else expected.push({ at, priority, seq: i, name: task.name });
  }
  expected.sort((a, b) => a.at - b.at || a.priority - b.priority || a.seq - b.seq);
  const popped: string[] = [];
  for (let e = queue.popDue(Infinity); e; e = queue.popDue(Infinity)) popped.push(e.task.name);
  assert.equal(popped, expected.map((e) => e.name));
  assert.is(queue.size, 0);
});

test('the first task with a priority switches the heap to the full order without losing entries', () => {
  const queue = new RunQueue();
  for (let i = 0; i < 50; i++) queue.push(new TaskRecord(new SingleTask({ name: `z${i}`, at: 5, action: () => {} })), 5);
  queue.push(new TaskRecord(new SingleTask({ name: 'urgent', at: 5, priority: -1, action: () => {} })), 5);
  queue.push(new TaskRecord(new SingleTask({ name: 'late', at: 5, priority: 1, action: () => {} })), 5);
  const popped: string[] = [];
  for (let e = queue.popDue(5); e; e = queue.popDue(5)) popped.push(e.task.name);
  assert.equal(popped, ['urgent', ...Array.from({ length: 50 }, (_, i) => `z${i}`), 'late']);
});

test('a task with a priority placed while due entries are staged still comes first among equal times', () => {
  const queue = new RunQueue();
  const plain = oneShots(10, 's');
  for (const r of plain) queue.push(r, 5);
  // The first pop stages the ten due entries (STAGE_SIZE at most) and hands out one.
  assert.is(queue.popDue(5), plain[0]);
  const urgent = new TaskRecord(new SingleTask({ name: 'urgent', at: 5, priority: -1, action: () => {} }));
  queue.push(urgent, 5);
  const popped: unknown[] = [];
  for (let e = queue.popDue(5); e; e = queue.popDue(5)) popped.push(e);
  assert.equal(popped, [urgent, ...plain.slice(1)]);
});

test('warm reads each staged node once, a batch of due nodes in order before the first is handed out', () => {
  const batches: string[][] = [];
  const queue = new RunQueue((nodes) => (batches.push(nodes.map((n) => n.task.name)), 0));
  const records = oneShots(STAGE_SIZE + 10, 'w');
  records.forEach((r, i) => queue.push(r, 100 - (i % 7)));
  queue.push(new TaskRecord(new SingleTask({ name: 'later', at: 0, action: () => {} })), 500);
  const order = records.map((r) => r.task.name).sort((a, b) => (100 - (Number(a.slice(1)) % 7)) - (100 - (Number(b.slice(1)) % 7)) || Number(a.slice(1)) - Number(b.slice(1)));
  assert.is(queue.popDue(100)?.task.name, order[0]);
  assert.equal(batches, [order.slice(0, STAGE_SIZE)]);
  const rest: string[] = [];
  for (let e = queue.popDue(100); e; e = queue.popDue(100)) rest.push(e.task.name);
  assert.equal(rest, order.slice(1));
  // The second batch: the ten left (no batch for a single due node, nor for nodes not due).
  assert.equal(batches, [order.slice(0, STAGE_SIZE), order.slice(STAGE_SIZE)]);
  assert.is(queue.popDue(500)?.task.name, 'later');
  assert.is(batches.length, 2);
  assert.is(queue.size, 0);
});

test('popDue leaves entries that are not due yet', () => {
  const queue = new RunQueue();
  const task = new SingleTask({ at: 10, action: () => {} });
  queue.push(new TaskRecord(task), 10);
  assert.is(queue.popDue(9), undefined);
  assert.ok(queue.popDue(10) !== undefined);
  assert.is(queue.poppedAt, 10);
});

test('random push/remove/re-push/pop sequences match a sorted oracle (seed 11)', () => {
  const random = mulberry32(11);
  const mirror = new Mirrored();
  const { queue, live } = mirror;
  const records = oneShots(300, 'r');
  for (let step = 0; step < 20_000; step++) {
    const record = records[Math.floor(random() * records.length)] as TaskRecord;
    const roll = random();
    if (roll < 0.5) mirror.push(record, Math.floor(random() * 1000));
    else if (roll < 0.85) mirror.remove(record);
    else {
      const now = Math.floor(random() * 1000);
      const popped = queue.popDue(now);
      const due = [...live].filter(([, v]) => v.at <= now).sort(byDue)[0];
      assert.is(popped, due?.[0]);
      if (popped) live.delete(popped as TaskRecord);
    }
    assert.is(queue.holds(record), live.has(record));
  }
  // No removed node is popped, none twice.
  mirror.drains();
});

test('bursts that fill and empty the heap keep it equal to a sorted oracle, due times included (seed 13)', () => {
  const random = mulberry32(13);
  const mirror = new Mirrored();
  const { queue, live } = mirror;
  const records = oneShots(6000, 'b');
  const check = (): void => {
    for (const record of records) assert.is(queue.atOf(record), live.get(record)?.at ?? null);
  };
  for (let round = 0; round < 6; round++) {
    // Fill most records (re-placing some that are held), then empty most of them again, by
    // removals in even rounds and by pops in odd ones.
    for (const record of records) if (random() < 0.8) mirror.push(record, Math.floor(random() * 5000));
    check();
    if (round % 2 === 0) {
      for (const record of records) if (random() < 0.9) mirror.remove(record);
    } else {
      const due = mirror.order();
      for (const expected of due.slice(0, Math.floor(due.length * 0.9))) {
        assert.is(queue.popDue(Infinity), expected);
        live.delete(expected);
      }
    }
    check();
    assert.ok(records.every((r) => queue.holds(r) === live.has(r)));
  }
  mirror.drains();
  // Every record, whatever it went through, can be placed again.
  for (const [i, record] of records.entries()) queue.push(record, i);
  assert.is(queue.popDue(Infinity), records[0]);
  assert.is(queue.size, records.length - 1);
});

test('removals free their entries at once, and the arrays shrink to the nodes held (ids renumbered when few are held)', () => {
  const queue = new RunQueue();
  const records = oneShots(100_000, 'c');
  records.forEach((r, i) => queue.push(r, 100_000 - i));
  for (const r of records.slice(0, 99_000)) queue.remove(r);
  assert.is(queue.size, 1_000);
  assert.ok(records.slice(0, 99_000).every((r) => !queue.holds(r) && r.qid === -1));
  // Renumbered once fewer than one in 64 of the 100k ids were held (1 562 nodes, ids 0..1561).
  const ids = new Set(records.slice(99_000).map((r) => r.qid));
  assert.is(ids.size, 1_000);
  assert.ok(Math.max(...ids) < 1_562 && Math.min(...ids) >= 0);
  // Once empty, the id arrays start again from nothing.
  for (const r of records.slice(99_000)) queue.remove(r);
  queue.push(records[5] as TaskRecord, 1);
  assert.is(records[5]?.qid, 0);
  queue.remove(records[5] as TaskRecord);
  records.slice(99_000).forEach((r, i) => queue.push(r, 100_000 - i));
  assert.is(queue.peek(), records[99_999]);
  for (let i = 99_999; i >= 99_000; i--) assert.is(queue.popDue(Infinity), records[i]);
  assert.is(queue.size, 0);
});

test('two heaps passing nodes between them answer as a sorted oracle through pushes, removals, pops (staged or not, with a sequence limit), preparing, priorities and wall-clock shifts (fast-check)', () => {
  type Op = { kind: 'push' | 'remove' | 'pop' | 'popOlder' | 'shift' | 'prepare'; node: number; heap: number; at: number };
  const op = fc.record({
    kind: fc.constantFrom<Op['kind']>('push', 'push', 'push', 'remove', 'pop', 'pop', 'popOlder', 'shift', 'prepare'),
    node: fc.integer({ min: 0, max: 79 }),
    heap: fc.integer({ min: 0, max: 1 }),
    at: fc.integer({ min: 0, max: 60 }),
  });
  fc.assert(
    fc.property(fc.array(op, { minLength: 50, maxLength: 400 }), fc.boolean(), (ops, priorities) => {
      const nodes = Array.from({ length: 80 }, (_, i) => new TaskRecord(new SingleTask({ name: `p${i}`, at: 0, priority: priorities ? (i % 3) - 1 : 0, action: () => {} })));
      const heaps = [new RunQueue(), new RunQueue()];
      // The oracle: where each node is, and its (due, priority, sequence) there.
      // seq orders nodes across both heaps; own is the sequence number of the heap holding it.
      const where = new Map<TaskRecord, { heap: number; at: number; seq: number; own: number }>();
      let seq = 0;
      const order = (h: number): TaskRecord[] =>
        [...where].filter(([, w]) => w.heap === h).sort(([a, x], [b, y]) => x.at - y.at || a.task.config.priority - b.task.config.priority || x.seq - y.seq).map(([n]) => n);
      for (const { kind, node: i, heap: h, at } of ops) {
        const node = nodes[i] as TaskRecord;
        const held = where.get(node);
        if (kind === 'push') {
          // A node is in one heap at most: it moves by leaving the other first.
          if (held && held.heap !== h) heaps[held.heap]?.remove(node);
          const own = heaps[h]?.nextSeq as number;
          heaps[h]?.push(node, at);
          where.set(node, { heap: h, at, seq: seq++, own });
        } else if (kind === 'remove') {
          // Only the heap holding a node is asked to remove it (its scheduler owns it); one that
          // holds it nowhere is left as it is.
          if (held) heaps[held.heap]?.remove(node);
          else heaps[h]?.remove(node);
          where.delete(node);
        } else if (kind === 'pop' || kind === 'popOlder') {
          // popOlder: only nodes pushed before the last `node` pushes (a drain's sequence limit).
          const limit = kind === 'pop' ? Infinity : Math.max(0, (heaps[h]?.nextSeq as number) - i);
          const first = order(h)[0];
          const expected = first !== undefined && where.get(first)!.at <= at && where.get(first)!.own < limit ? first : undefined;
          assert.is(heaps[h]?.popDue(at, limit), expected);
          if (expected) where.delete(expected);
        } else if (kind === 'prepare') {
          // Takes entries onto the stage ahead of time: nothing the oracle sees may change.
          heaps[h]?.prepare(at, Infinity, () => 0);
        } else {
          // A wall-clock step moves some nodes (the scheduler's interval slots), not others.
          const moves = (n: TaskRecord): boolean => nodes.indexOf(n) % 2 === 0;
          heaps[h]?.shift(at - 30, moves as (n: unknown) => boolean);
          for (const [n, w] of where) if (w.heap === h && moves(n)) w.at += at - 30;
        }
        for (const [n, w] of where) assert.is(heaps[w.heap]?.atOf(n), w.at);
        for (const n of nodes) assert.is(n.qid >= 0, where.has(n));
        assert.equal([heaps[0]?.size, heaps[1]?.size], [order(0).length, order(1).length]);
        const head = order(h)[0];
        assert.is(heaps[h]?.peek(), head);
        assert.is(heaps[h]?.headAt(), head === undefined ? undefined : where.get(head)?.at);
      }
      for (const h of [0, 1]) {
        const rest: unknown[] = [];
        for (let n = heaps[h]?.popDue(Infinity); n; n = heaps[h]?.popDue(Infinity)) rest.push(n);
        assert.equal(rest, order(h));
      }
    }),
    { numRuns: 60, seed: 17 },
  );
});

test('a node removed from one heap can be placed in another at once', () => {
  const [a, b] = [new RunQueue(), new RunQueue()];
  const records = oneShots(10, 'm');
  records.forEach((r, i) => a.push(r, i));
  const moved = records[3] as TaskRecord;
  a.remove(moved);
  a.remove(records[9] as TaskRecord);
  b.push(records[9] as TaskRecord, 1);
  b.push(moved, 0);
  assert.equal([b.popDue(Infinity), b.popDue(Infinity), b.popDue(Infinity)], [moved, records[9], undefined]);
  assert.equal([...Array(8)].map(() => a.popDue(Infinity)), records.filter((_, i) => i !== 3 && i !== 9));
});

test('the heap does not grow across 100k schedule/cancel cycles', () => {
  const { scheduler } = harness();
  scheduler.start();
  const keep = scheduler.addIntervalTask({ name: 'keep', interval: 60_000, initialDelay: 60_000, action: () => {} });
  for (let i = 0; i < 100_000; i++) {
    const task = scheduler.addIntervalTask({ name: 'churn', interval: 1000 + (i % 100), initialDelay: 5000 + (i % 977), action: () => {} });
    scheduler.cancel(task);
  }
  assert.ok(scheduler.queueCapacity <= 2_100, `heap holds ${scheduler.queueCapacity} entries`);
  assert.equal(scheduler.tasks().map((t) => t.name), ['keep']);
  assert.ok((recordOf(keep)?.qid ?? -1) >= 0);
});

test('rescheduling the same task replaces its entry instead of adding one', () => {
  const { scheduler } = harness();
  scheduler.start();
  const task = scheduler.addSingleTask({ name: 'moved', at: T0 + 5000, action: () => {} });
  for (let i = 0; i < 10_000; i++) scheduler.scheduleTaskAbs(task, T0 + 1000 + i);
  assert.ok(scheduler.queueCapacity <= 2_100, `heap holds ${scheduler.queueCapacity} entries`);
  assert.equal(scheduler.tasks()[0]?.nextRunAt, new Date(T0 + 1000 + 9_999));
});

test.run();
