/**
 * The Scheduler's signatures keyed on its store: on a durable store (`durable: true`) the
 * API answers with Promises and `add*Task` with what the upsert did; on any other store the
 * synchronous signatures stay exactly as they are.
 */
import type { Action, TaskInfo } from '../../types.js';
import type { UpsertResult } from '../../store/store.js';

/** Whether `This` (a Scheduler) is typed over a durable store. */
export type IsDurable<This> = This extends { readonly store: { readonly durable: true } } ? true : false;

/** `T` in memory, `Promise<T>` on a durable store. */
export type Answer<This, T> = IsDurable<This> extends true ? Promise<T> : T;

/** What declaring a durable schedule did, and the schedule as it now stands. */
export interface DeclaredTask {
  result: UpsertResult;
  task: TaskInfo;
}

/** `add*Task`'s answer: the Task in memory, the upsert's result on a durable store. */
export type Added<This, T> = IsDurable<This> extends true ? Promise<DeclaredTask> : T;

/** Task options as `add*Task` takes them: `action` may also name a `define`d handler. */
export type WithHandler<O extends { action: Action }> = Omit<O, 'action'> & { action: Action | string };
