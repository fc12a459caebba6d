import type { Task } from '../tasks/task.js';
import type { RunContext } from '../types.js';

/**
 * The one seam for where a run executes. The scheduler hands every run to an executor
 * and never knows whether it ran in this thread, a worker thread or a child process.
 */
export interface Executor {
  run(task: Task, context: RunContext): Promise<unknown>;
  /**
   * True when function actions of in-process tasks (`sequential`, `concurrent`) run in this
   * thread as plain calls: the runner then calls them itself and settles a synchronous
   * result without a promise round trip.
   */
  readonly inline?: boolean;
  /** Lets in-flight work finish or be torn down (pools are terminated here). */
  close?(): Promise<void> | void;
}
