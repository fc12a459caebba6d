import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { IdHeap, INITIAL_CAPACITY } from '../../lib/scheduler/heap.js';

const test = suite('id heap');

test('removals keep the arrays; trim() halves them while under a quarter full, down to the initial size', () => {
  const heap = new IdHeap(() => 0);
  for (let id = 0; id < 1000; id++) {
    heap.reserve(id);
    heap.insert(id, 1000 - id, id);
  }
  assert.is(heap.ids.length, 1024);
  // A drain's pops: nothing is reallocated while they run.
  for (let i = 0; i < 900; i++) heap.removeAt(0);
  assert.is(heap.ids.length, 1024);
  heap.trim();
  // 100 held: 1024 → 512 → 256, where they are no longer under a quarter (400 ≥ 256).
  assert.is(heap.ids.length, 256);
  assert.is(heap.at[0], 901);
  const popped: number[] = [];
  while (heap.length > 0) {
    popped.push(heap.ids[0] as number);
    heap.removeAt(0);
  }
  assert.equal(popped, Array.from({ length: 100 }, (_, i) => 99 - i));
  heap.trim();
  assert.is(heap.ids.length, INITIAL_CAPACITY);
});

test.run();
