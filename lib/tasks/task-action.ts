/**
 * What a task runs: the action's call shape (Kronos': `action(...args, kw?)`), and the
 * options of Task subclasses that bring their own `execute()` instead of an action.
 */
import type { Action } from '../types.js';
import type { TaskOptions } from './options.js';

/**
 * Options for a Task subclass: as {@link TaskOptions}, but `action` may be left out when the
 * subclass overrides `execute()` (it is then checked at construction: no override, no action
 * is a TypeError).
 */
export type CustomTaskOptions = Omit<TaskOptions, 'action'> & { action?: Action };

/**
 * What `execute()` returns: the run's result, or a promise of it (the runner settles both).
 * `any` rather than `unknown` only because executors still type a run as a Promise; once
 * `Executor.run` returns `unknown` this can be `unknown` too.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ExecuteResult = any;

/** The parts of a Task that calling its action reads (structural: no import of task.ts). */
export interface ActionCall {
  readonly action: Action;
  readonly args: readonly unknown[];
  /** Read on a run's path (a plain object: no getter call into task.ts per run). */
  readonly config: { readonly args: readonly unknown[]; readonly kw: Record<string, unknown> | undefined };
}
