import { NotAvailableError } from '../errors.js';
import { runStorage } from './current-run.js';
import { Task } from '../tasks/task.js';
import type { ActionCall } from '../tasks/task-action.js';
import type { ActionFunction } from '../types.js';
import type { RunContext } from '../types.js';
import type { Executor } from './executor.js';

/**
 * Runs actions in this thread (`sequential` and `concurrent`), with `currentRun()` set.
 * Module references are imported here too (once per module, see module-ref.ts).
 */
export class InProcessExecutor implements Executor {
  readonly inline = true;
  run(task: Task, context: RunContext): Promise<unknown> {
    const mode = task.config.policy.processMethod;
    if (mode === 'threaded' || mode === 'forked') {
      return Promise.reject(new NotAvailableError(`processMethod '${mode}' on InProcessExecutor`, 'use the default executor'));
    }
    return withRun(context, (run) => task.execute(run), context);
  }
}

/**
 * Whether dispatch may call `task`'s action itself through {@link runInline} (when its
 * executor is `inline`): a function action of an in-process task whose `execute` is the
 * standard one.
 */
export function runsInline(task: Task): boolean {
  const mode = task.config.policy.processMethod;
  return typeof task.action === 'function' && (mode === 'sequential' || mode === 'concurrent') && task.execute === Task.prototype.execute;
}

/**
 * Calls the action of a task that {@link runsInline} as a plain call, with `currentRun()` set:
 * its value, or the promise it returned, or its throw. A synchronous action then settles
 * without a promise round trip (Task.execute would wrap it in one).
 */
export function runInline(task: Task, run: RunContext): unknown {
  return withRun(run, callAction, task);
}

/**
 * Not public API: runs `fn(arg)` with `context` visible to `currentRun()` in everything it calls,
 * including the async continuations it starts. Same mechanism as `AsyncLocalStorage.run`
 * (set the store on the current async resource, restore it after), without the rest-args
 * array `run` allocates on every call: this is on the path of every run.
 */
export function withRun<A, T>(context: RunContext, fn: (arg: A) => T, arg: A): T {
  const previous = runStorage.getStore();
  runStorage.enterWith(context);
  try {
    return fn(arg);
  } finally {
    runStorage.enterWith(previous as RunContext);
  }
}

/** Calls a function action with the task's args (and `kw` when given); may throw or return a promise. */
function callAction(task: ActionCall): unknown {
  const fn = task.action as ActionFunction;
  const args = task.config.args;
  const kw = task.config.kw;
  // Direct calls for the common shapes: a spread call can cost an iterator per run.
  if (kw === undefined) {
    if (args.length === 0) return fn();
    if (args.length === 1) return fn(args[0]);
    return fn(...args);
  }
  return args.length === 0 ? fn(kw) : fn(...args, kw);
}
