/**
 * The scheduler's events and the run they describe. They name the Task a run belongs to, so
 * they live here, above tasks/, not in types.ts (which sits below every folder).
 */
import type { Task } from '../tasks/task.js';
import type { RunKind } from '../types.js';

/** One run as events see it. */
export interface RunInfo {
  readonly task: Task;
  readonly scheduledAt: Date;
  readonly startedAt: Date;
  readonly kind: RunKind;
}


export interface SchedulerEvents {
  scheduled: { task: Task; at: Date };
  start: { task: Task; run: RunInfo };
  success: { task: Task; run: RunInfo; value: unknown; durationMs: number };
  error: { task?: Task; run?: RunInfo; error: unknown };
  skip: { task: Task; scheduledAt: Date; runningForMs: number };
  missed: { task: Task; count: number; first: Date; last: Date; truncated: boolean };
  cancel: { task: Task };
  stop: Record<string, never>;
}

export type EventName = keyof SchedulerEvents;
