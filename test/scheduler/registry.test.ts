import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { TaskRegistry } from '../../lib/scheduler/registry.js';
import { SingleTask } from '../../lib/tasks/single-task.js';
import { ListedRecord, TaskRecord, newRecord } from '../../lib/scheduler/task-record.js';

const make = (name?: string): TaskRecord => newRecord(new SingleTask({ ...(name === undefined ? {} : { name }), at: 0, action: () => {} }));

test('unnamed tasks: add and delete at the head, middle and tail keep the order and the count', () => {
  const registry = new TaskRegistry();
  const tasks = Array.from({ length: 5 }, () => make());
  for (const task of tasks) registry.add(task);
  const named = make('report');
  registry.add(named);
  assert.is(registry.size, 6);
  registry.delete(tasks[0]!);
  registry.delete(tasks[2]!);
  registry.delete(tasks[4]!);
  registry.delete(tasks[4]!); // twice: no effect
  assert.equal([...registry.values()].map((t) => t.name), ['report', tasks[1]!.name, tasks[3]!.name]);
  assert.is(registry.size, 3);
  registry.delete(tasks[1]!);
  registry.delete(tasks[3]!);
  assert.equal([...registry.values()], [named]);
  registry.add(tasks[0]!);
  assert.equal([...registry.values()], [named, tasks[0]]);
});

test('unnamed records: holes close at the next add once they are four in five slots, keeping the order, the slots and the number index', () => {
  const registry = new TaskRegistry();
  const records = Array.from({ length: 5000 }, () => make());
  assert.ok(records.every((r) => r instanceof ListedRecord) && !(make('named') instanceof ListedRecord));
  for (const record of records) registry.add(record);
  assert.is(registry.get(records[4999]!.name), records[4999], 'index built');
  const kept = records.filter((_, i) => i % 3 === 0);
  for (const [i, record] of records.entries()) if (i % 3 !== 0) registry.delete(record);
  assert.is(registry.size, kept.length);
  assert.equal([...registry.values()], kept);
  const slots = (list: TaskRecord[]): number[] => list.map((r) => (r as ListedRecord).slot);
  for (const record of kept.slice(0, 668)) registry.delete(record);
  // 4 001 holes of 5 000, but tasks only left: nothing moved (a burst of finishing one-shots
  // must not pay for moving the records left).
  assert.equal(slots(kept.slice(668)), kept.slice(668).map((_, i) => (668 + i) * 3));
  kept.splice(0, 668);
  // The next add closes them first: the records left move up, in order, and it comes last.
  const added = make();
  registry.add(added);
  assert.equal(slots([...kept, added]), [...kept, added].map((_, i) => i));
  assert.equal([...registry.values()], [...kept, added]);
  assert.is((records[1] as ListedRecord).slot, -1);
  registry.delete(records[1]!); // already gone: no effect
  assert.is(registry.size, kept.length + 1);
  for (const record of kept.slice(0, 10)) registry.delete(record);
  assert.equal([...registry.values()], [...kept.slice(10), added]);
  assert.is(registry.get(kept[0]!.name), undefined);
  assert.is(registry.get(kept[10]!.name), kept[10]);
  assert.is(registry.get(added.name), added);
  // Once every unnamed task has left, the array starts again from nothing.
  for (const record of [...kept.slice(10), added]) registry.delete(record);
  assert.is(registry.size, 0);
  const next = make();
  registry.add(next);
  assert.equal([(next as ListedRecord).slot, registry.size], [0, 1]);
  assert.is(registry.get(next.name), next);
});

test('lookup by task-<n> builds a number index once and keeps it up to date', () => {
  const registry = new TaskRegistry();
  const a = make();
  const b = make();
  registry.add(a);
  assert.is(registry.get(a.name), a);
  registry.add(b);
  assert.is(registry.get(b.name), b, 'added after the index was built');
  registry.delete(a);
  assert.is(registry.get(a.name), undefined);
  assert.is(registry.get('task-abc'), undefined);
});

test('an explicit task-<n> name and an unnamed task with that number are the same name', () => {
  const registry = new TaskRegistry();
  const unnamed = make();
  registry.add(unnamed);
  const explicit = make(unnamed.name);
  assert.is(registry.sameName(explicit.task), unnamed);
  const registry2 = new TaskRegistry();
  const early = make(); // numbered before the explicit one existed
  const clash = make(early.name);
  registry2.add(clash);
  assert.is(registry2.sameName(early.task), clash);
});

test.run();
