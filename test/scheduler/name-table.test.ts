import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { NameTable, hashName } from '../../lib/scheduler/name-table.js';

type Rec = { readonly task: { readonly key: string }; readonly n: number };
const rec = (key: string, n = 0): Rec => ({ task: { key }, n });

type Op = { kind: 'add' | 'delete' | 'get'; name: string };

/** Applies `ops` to a table and to a Map (the oracle), checking every answer and the order. */
function mirror(ops: Op[], switchAt?: number): void {
  const table = new NameTable<Rec>(switchAt);
  const oracle = new Map<string, Rec>();
  ops.forEach(({ kind, name }, i) => {
    if (kind === 'add') {
      // The registry adds only names not taken; the table may assume it.
      if (oracle.has(name)) return;
      const record = rec(name, i);
      table.add(name, record);
      oracle.set(name, record);
    } else if (kind === 'delete') {
      assert.is(table.delete(name), oracle.delete(name));
    } else {
      assert.is(table.get(name), oracle.get(name));
    }
    assert.is(table.size, oracle.size);
  });
  assert.equal([...table.values()], [...oracle.values()]);
  for (const [name, record] of oracle) assert.is(table.get(name), record);
}

test('answers as a Map does, in its insertion order, through growth, deletions and rebuilds (fast-check)', () => {
  // Few distinct names, so that adds, deletes and re-adds of the same name meet. The table in
  // its slots from the start, moving there after 40 names, and as a Map throughout.
  const name = fc.integer({ min: 0, max: 300 }).map((n) => `job-${n}`);
  const op = fc.record({ kind: fc.constantFrom<Op['kind']>('add', 'add', 'delete', 'get'), name });
  for (const switchAt of [0, 40, undefined]) {
    fc.assert(fc.property(fc.array(op, { maxLength: 3000 }), (ops) => mirror(ops, switchAt)), { numRuns: 40, seed: 5 });
  }
});

test('a hundred thousand names (past the move from a Map to the slots): adds, then most deleted (the slots shrink), then added again', () => {
  const names = Array.from({ length: 100_000 }, (_, i) => `user-${i}`);
  const ops: Op[] = [
    ...names.map((name) => ({ kind: 'add' as const, name })),
    ...names.filter((_, i) => i % 10 !== 0).map((name) => ({ kind: 'delete' as const, name })),
    ...names.slice(0, 5000).map((name) => ({ kind: 'add' as const, name })),
    ...names.map((name) => ({ kind: 'get' as const, name })),
  ];
  mirror(ops);
  const table = new NameTable<Rec>();
  for (const name of names) table.add(name, rec(name));
  const full = table.slotCount;
  for (const name of names.slice(1000)) table.delete(name);
  assert.ok(table.slotCount * 16 <= full, `${table.slotCount} slots of ${full} kept for 1000 names`);
  assert.equal([...table.values()].map((r) => r.task.key), names.slice(0, 1000));
});

test('two names with the same 32-bit hash are told apart by the name itself', () => {
  // Found by a birthday search over random names (about 77 000 for even odds).
  const pair: [string, string] = ['task:n4s5yf', 'task:utgrzq'];
  const [a, b] = pair;
  assert.is(hashName(a), hashName(b));
  const table = new NameTable<Rec>(0);
  table.add(a, rec(a, 1));
  assert.is(table.get(b), undefined);
  table.add(b, rec(b, 2));
  assert.is(table.get(a)?.n, 1);
  assert.is(table.get(b)?.n, 2);
  assert.ok(table.delete(a));
  assert.is(table.get(a), undefined);
  assert.is(table.get(b)?.n, 2);
});

test('hashes spread sequential names over the low bits', () => {
  const buckets = new Uint32Array(1024);
  for (let i = 0; i < 102_400; i++) (buckets[hashName(`j${i}`) & 1023] as number)++;
  // 100 per bucket on average; a fair hash keeps every bucket within about 5 standard deviations.
  assert.ok(Math.max(...buckets) < 150 && Math.min(...buckets) > 50, `${Math.min(...buckets)}..${Math.max(...buckets)}`);
});

test.run();
