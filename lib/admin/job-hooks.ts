/**
 * A job's hooks: its error handler (docassemble's `error handler`, called with the error and
 * the job when a run fails) and its `around` (docassemble's `contextmanager`), made into one
 * `around` hook. In memory it is the task's own `around`; a durable store cannot keep a
 * function, so there the jobs' hooks go through one scheduler-level `around`, a JobHooks.
 */
import { describeValue } from '../errors.js';
import { loadExport, resolveModuleUrl } from '../internal/module-ref.js';
import type { AroundHook, Logger, RunContext } from '../types.js';
import type { JobDefinition, JobReference } from './job-schema.js';

/** An error handler: called with the run's error and the job (plain data) when a run fails. */
export type JobErrorHandler = (error: unknown, job: JobDefinition) => unknown;

/**
 * The hooks of a job file's jobs on a durable store: give `hooks.around` to the Scheduler
 * (`new Scheduler({ store, around: hooks.around })`) and `hooks` to `loadJobFile`, which
 * (re)fills it with each job's hooks. Runs of other tasks pass straight through.
 */
export class JobHooks {
  readonly #byName = new Map<string, AroundHook>();

  readonly around: AroundHook = (run: RunContext, next: () => Promise<unknown>) => {
    const hook = this.#byName.get(run.name);
    return hook ? hook(run, next) : next();
  };

  /** Replaces every job's hook (jobs without hooks are left out). */
  replaceAll(hooks: ReadonlyMap<string, AroundHook>): void {
    this.#byName.clear();
    for (const [name, hook] of hooks) this.#byName.set(name, hook);
  }

  /** Names of the jobs that have a hook. */
  names(): string[] {
    return [...this.#byName.keys()];
  }
}

/**
 * The function a reference names: a `define`d handler (looked up in `handlers`), or a module
 * export, imported now, so a typo fails when the file is loaded rather than at the first error.
 */
export async function resolveReference(ref: JobReference, handlers: { get(name: string): unknown }): Promise<(...args: never[]) => unknown> {
  if (typeof ref === 'string') {
    const fn = handlers.get(ref);
    if (typeof fn !== 'function') throw new TypeError(`a handler defined with scheduler.define(${JSON.stringify(ref)}, fn)`);
    return fn as (...args: never[]) => unknown;
  }
  return loadExport(resolveModuleUrl(ref.module), ref.export);
}

/**
 * One `around` for a job: its own around (if any) wraps the run; a failure is passed to the
 * error handler (if any) and then still fails the run, so events, counts and the logger see
 * it as usual. An error handler that throws is logged and changes nothing else.
 */
export function jobAround(job: JobDefinition, around: AroundHook | undefined, onError: JobErrorHandler | undefined, logger: Logger): AroundHook {
  if (!onError) return around as AroundHook;
  return async (run, next) => {
    try {
      return await (around ? around(run, next) : next());
    } catch (error) {
      try {
        await onError(error, job);
      } catch (handlerError) {
        logger.error(`The error handler of job "${job.name}" threw (the run's own error is reported as usual)`, handlerError);
      }
      throw error;
    }
  };
}

/** For messages: `"notify"` or `./hooks.js#onError`. */
export function describeReference(ref: JobReference): string {
  return typeof ref === 'string' ? describeValue(ref) : `\`${ref.module}#${ref.export}\``;
}
