import { RunAbortedError } from '../errors.js';
import type { Executor } from '../execution/executor.js';
import type { Clock } from '../types.js';
import { clearLongTimeout, setLongTimeout } from '../internal/clock.js';
import type { Dispatcher, LaneItem } from './dispatch.js';

/**
 * How running work ends when the scheduler stops. Sequential runs still waiting in the lane
 * go back to `putBack` (the heap); a run queued under `overlap: 'queue'` is dropped, since its
 * slot's schedule was carried on when it was queued and that next slot follows the misfire
 * policy at start(); running runs get `timeout` ms (`Infinity`: however long) to finish, then
 * are aborted, each with a RunAbortedError naming its own task.
 */
export async function endRuns(dispatcher: Dispatcher, clock: Clock, timeout: number, putBack: (item: LaneItem) => void): Promise<void> {
  for (const item of dispatcher.drainLane()) {
    item.record.pending = null;
    putBack(item);
  }
  for (const run of dispatcher.active) run.record.pending = null;
  if (dispatcher.active.size > 0 && timeout > 0) {
    let expire!: () => void;
    const expired = new Promise<void>((resolve) => (expire = resolve));
    const timer = setLongTimeout(clock, expire, timeout);
    await Promise.race([dispatcher.settled(), expired]);
    clearLongTimeout(clock, timer);
  }
  const reason = `the scheduler stopped (timeout ${timeout} ms)`;
  dispatcher.abortAll((run) => new RunAbortedError(run.task.name, reason));
}

/** Worker pools close last: the runs above were drained or aborted (which killed their workers). */
export async function closeExecutor(executor: Executor, report: (error: unknown) => void): Promise<void> {
  const closing = executor.close?.();
  if (closing) await closing.catch(report);
}
