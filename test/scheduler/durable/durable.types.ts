// Compile-time tests of the Scheduler's signatures keyed on its store: checked by `tsc --noEmit`
// (the typecheck includes test/). Each `@ts-expect-error` must stay an error; nothing here runs.
import { Scheduler } from '../../../lib/scheduler/scheduler.js';
import type { IntervalTask } from '../../../lib/tasks/interval-task.js';
import type { Task } from '../../../lib/tasks/task.js';
import type { Store } from '../../../lib/store/store.js';
import { MemoryStore } from '../../../lib/store/memory-store.js';
import type { DeclaredTask } from '../../../lib/scheduler/durable/types.js';
import { PostgresStore } from '../../../lib/store/postgres/postgres-store.js';
import type { TaskInfo } from '../../../lib/types.js';

/** What PostgresStore declares: `readonly durable = true as const`. */
declare const pg: Store & { readonly durable: true };

export async function durable(): Promise<void> {
  const s = new Scheduler({ store: pg, queues: ['reports'], leaseMs: 30_000 });
  s.define('send-report', (to: string) => void to);
  const declared: DeclaredTask = await s.addIntervalTask({ name: 'r', interval: 60_000, action: 'send-report', args: ['ops'] });
  const result: 'created' | 'updated' | 'unchanged' = declared.result;
  await s.addCronTask({ name: 'c', cron: '0 * * * *', action: 'send-report' });
  await s.addSingleTask({ at: Date.now() + 1000, action: { module: './jobs/report.js', export: 'run' } });
  const list: TaskInfo[] = await s.tasks();
  const found: Task | undefined = await s.getTask('r');
  const cancelled: boolean = await s.cancel('r');
  const at: Date = await s.runNow('r', { delay: 10 });
  void new Scheduler({ store: PostgresStore.embedded('./data'), keepRuns: 10, keepFor: { days: 1 } });
  void new Scheduler({ keepRuns: null, keepFor: null });
  const slots: Date[] = await s.nextRunsBetween('r', new Date(), Date.now() + 3_600_000);
  await s.pause('r');
  await s.resume();
  s.on('clockSkew', ({ offsetMs }) => void offsetMs);
  void [result, list, found, cancelled, at, slots];
  // @ts-expect-error on a durable store add*Task answers with a Promise of the upsert, not a Task
  const task: IntervalTask = s.addIntervalTask({ name: 'x', interval: 1000, action: 'send-report' });
  // @ts-expect-error tasks() is a Promise on a durable store
  const sync: TaskInfo[] = s.tasks();
  void [task, sync];
}

export async function postgres(): Promise<void> {
  const s = new Scheduler({ store: PostgresStore.embedded('./data') });
  const declared: DeclaredTask = await s.addWeekdayTask({ name: 'w', weekdays: ['mon'], timeOnDay: '09:00', action: 'send-report' });
  // @ts-expect-error `new Scheduler({ store: pg })` answers with Promises
  const task: Task = s.addSingleTask({ name: 's', at: 0, action: 'send-report' });
  void [declared, task];
}

export function inMemory(): void {
  const s = new Scheduler();
  s.define('tick', () => 1);
  const task: IntervalTask = s.addIntervalTask({ interval: 1000, action: 'tick' });
  const fn: IntervalTask = s.addIntervalTask({ interval: 1000, action: () => 1 });
  const list: TaskInfo[] = s.tasks();
  const found: Task | undefined = s.getTask('x');
  const cancelled: boolean = s.cancel(task);
  const at: Date = s.runNow('x');
  const explicit: IntervalTask = new Scheduler({ store: new MemoryStore() }).addIntervalTask({ interval: 1000, action: () => 1 });
  // @ts-expect-error in memory add*Task returns the Task, not a Promise
  const promised: Promise<unknown> = s.addIntervalTask({ interval: 1000, action: () => 1 });
  void [fn, list, found, cancelled, at, explicit, promised];
}
