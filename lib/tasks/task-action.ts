/**
 * What a task runs: the action's call shape (Kronos': `action(...args, kw?)`), and the
 * options of Task subclasses that bring their own `execute()` instead of an action.
 */
import type { Action, ActionFunction } from '../types.js';
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
  readonly kw: Record<string, unknown> | undefined;
}

/** Not public API: calls a function action with the task's args (and `kw` when given); may throw or return a promise. */
export function callAction(task: ActionCall): unknown {
  return callWith(task.action as ActionFunction, task);
}

/** Not public API: calls `fn` as the task's action (module exports loaded off the task use this too). */
export function callWith(fn: ActionFunction, task: ActionCall): unknown {
  const args = task.args;
  const kw = task.kw;
  // Direct calls for the common shapes: a spread call can cost an iterator per run.
  if (kw === undefined) {
    if (args.length === 0) return fn();
    if (args.length === 1) return fn(args[0]);
    return fn(...args);
  }
  return args.length === 0 ? fn(kw) : fn(...args, kw);
}
