import { NotAvailableError } from '../errors.js';
import { withRun } from './current-run.js';
import type { Task } from '../tasks/task.js';
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
