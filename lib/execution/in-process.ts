import { NotAvailableError } from '../errors.js';
import { withRun } from './current-run.js';
import { Task } from '../tasks/task.js';
import { callAction } from '../tasks/task-action.js';
import type { RunContext } from '../types.js';
import type { Executor } from './executor.js';

/**
 * Runs actions in this thread (`sequential` and `concurrent`), with `currentRun()` set.
 * Module references are imported here too (once per module, see module-ref.ts).
 */
export class InProcessExecutor implements Executor {
  readonly inline = true;
  run(task: Task, context: RunContext): Promise<unknown> {
    const mode = task.processMethod;
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
  const mode = task.processMethod;
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
