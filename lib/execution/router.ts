/**
 * The default executor: sends `sequential` and `concurrent` runs to this thread and
 * `threaded` / `forked` runs to a thread or process pool, each created on first use.
 */
import type { Task } from '../tasks/task.js';
import type { RunContext } from '../types.js';
import type { Executor } from './executor.js';
import { InProcessExecutor } from './in-process.js';
import type { NormalizedPoolOptions } from './pool-options.js';
import { WorkerPoolExecutor } from './worker.js';

export class DefaultExecutor implements Executor {
  readonly inline = true;
  readonly inProcess = new InProcessExecutor();
  readonly threads: WorkerPoolExecutor;
  readonly processes: WorkerPoolExecutor;

  constructor(options: NormalizedPoolOptions) {
    this.threads = new WorkerPoolExecutor('thread', options);
    this.processes = new WorkerPoolExecutor('process', options);
  }

  run(task: Task, context: RunContext): Promise<unknown> {
    switch (task.policy.processMethod) {
      case 'threaded':
        return this.threads.run(task, context);
      case 'forked':
        return this.processes.run(task, context);
      default:
        return this.inProcess.run(task, context);
    }
  }

  /** Terminates both pools; they are created again if the scheduler starts again. */
  close(): Promise<void> | void {
    if (!this.threads.started && !this.processes.started) return;
    return Promise.all([this.threads.close(), this.processes.close()]).then(() => undefined);
  }
}
