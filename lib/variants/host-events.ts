/**
 * What the host tells its proxy as its scheduler runs: the events the proxy listens to (tasks
 * as `{ name }`, errors serialized; a run's start and success as RunNotes); of the others,
 * only the starts and ends of runs (RunNotes), which the proxy keeps its record of runs in
 * flight from; and the state of each task they touched, as a StateNote. All go through the
 * outbox, one batch per turn of the host's loop.
 */
import { serializeError } from '../execution/serialize.js';
import type { Scheduler } from '../scheduler/scheduler.js';
import type { SchedulerEvents } from '../scheduler/events.js';
import { Task } from '../tasks/task.js';
import type { TaskInfo } from '../types.js';
import type { Outbox } from './outbox.js';
import type { SerializedError, StateNote } from './protocol.js';
import { REMOTE_EVENTS } from './protocol.js';

type Run = SchedulerEvents['start']['run'];

export function forward(scheduler: Scheduler, outbox: Outbox, listened: () => ReadonlySet<string>): void {
  for (const event of REMOTE_EVENTS) {
    scheduler.on(event, (payload: SchedulerEvents[typeof event]) => {
      const task = (payload as { task?: Task }).task;
      if (task) outbox.touch(task);
      const run = (payload as { run?: Run }).run;
      const heard = listened().has(event);
      if (task && run && (event === 'start' || event === 'success')) {
        // The runs' own events, as flat tuples: with thousands of runs a second, each object cloned counts.
        const scheduledAt = run.scheduledAt.getTime();
        const startedAt = run.startedAt.getTime();
        if (!heard) outbox.add([event === 'start' ? 'began' : 'ended', task.name, scheduledAt, startedAt, run.kind]);
        else if (event === 'start') outbox.add(['start', task.name, scheduledAt, startedAt, run.kind]);
        else {
          const { value, durationMs } = payload as SchedulerEvents['success'];
          outbox.add(['success', task.name, scheduledAt, startedAt, run.kind, durationMs, cloneable(value) ? value : undefined]);
        }
      } else if (heard || event === 'error') {
        const out: Record<string, unknown> = { ...payload };
        if (task) out.task = { name: task.name };
        if (run) out.run = { scheduledAt: run.scheduledAt, startedAt: run.startedAt, kind: run.kind };
        if (event === 'error') out.error = serializeError((payload as { error: unknown }).error);
        outbox.add({ type: 'event', event, payload: out });
      } else return;
      // An execute() of its own may end the host before the next microtask: post the start now.
      if (event === 'start' && task && task.execute !== Task.prototype.execute) outbox.flush();
    });
  }
}

/** `info` (null: the task is not in the registry) as it crosses. */
export function stateNote(name: string, info: TaskInfo | null): StateNote {
  if (info === null) return ['gone', name];
  const { nextRunAt, state, runs, failures, lastOutcome: last } = info;
  const note: StateNote = ['state', name, nextRunAt === null ? null : nextRunAt.getTime(), state === 'paused', runs, failures];
  if (last) {
    note.push(last.error === undefined ? [last.status, last.at.getTime(), last.durationMs, last.latenessMs] : [last.status, last.at.getTime(), last.durationMs, last.latenessMs, last.error as SerializedError]);
  }
  return note;
}

function cloneable(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return typeof value !== 'function' && typeof value !== 'symbol';
  try {
    structuredClone(value);
    return true;
  } catch {
    return false;
  }
}
