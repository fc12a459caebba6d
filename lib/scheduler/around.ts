/**
 * `around` hooks: a run whose task or scheduler has one executes inside them. Only such runs
 * come here; a run without hooks goes straight from dispatch to its executor.
 */
import { AroundNextError } from '../errors.js';
import type { Executor } from '../execution/executor.js';
import type { Task } from '../tasks/task.js';
import type { AroundHook } from '../types.js';
import type { Logger } from '../types.js';
import { reportError } from './emitter.js';
import type { Emitter } from './emitter.js';
import type { SchedulerEvents } from './events.js';
import type { Run } from './settle.js';

/** What hooks need from the scheduler (dispatch's own dependencies). */
export interface AroundDeps {
  readonly executor: Executor;
  readonly events: Emitter<SchedulerEvents>;
  readonly logger: Logger;
}

function noop(): void {}

/**
 * Runs the action inside its hooks (`outer` is the scheduler's, `inner` the task's). Each
 * `next` may be called once: a second call runs nothing, rejects, and fails the run (or, once
 * the run has ended, is reported for it).
 */
export function runAround(deps: AroundDeps, task: Task, run: Run, inner: AroundHook | undefined, outer: AroundHook | undefined): Promise<unknown> {
  const executor = deps.executor;
  let misuse: AroundNextError | undefined;
  let open = true;
  const once = (fn: () => Promise<unknown>): (() => Promise<unknown>) => {
    let called = false;
    return () => {
      if (!called) {
        called = true;
        return fn();
      }
      const error = new AroundNextError(task.name);
      if (open && !run.settled) misuse ??= error;
      else reportError(deps.events, deps.logger, error, task, run);
      const rejected = Promise.reject(error);
      // Handled here so that a hook which drops the promise causes no unhandledRejection.
      rejected.catch(noop);
      return rejected;
    };
  };
  const call = once(() => Promise.resolve(executor.run(task, run)));
  const wrapped = inner ? once(() => Promise.resolve(inner(run, call))) : call;
  return Promise.resolve(outer ? outer(run, wrapped) : wrapped()).then(
    (value) => {
      open = false;
      if (misuse !== undefined) throw misuse;
      return value;
    },
    (error: unknown) => {
      open = false;
      throw error;
    },
  );
}
