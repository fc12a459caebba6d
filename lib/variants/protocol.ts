/**
 * The one message protocol between a scheduler proxy (ThreadedScheduler, ForkedScheduler)
 * and the Scheduler it hosts in a worker thread or child process. Everything here is
 * structured-cloneable: tasks travel as their names and options (module references only),
 * events carry `{ name }` instead of Task objects, errors travel serialized.
 */
import type { SerializedError } from '../execution/serialize.js';
import type { RunKind, TaskInfo } from '../types.js';

export type { SerializedError };

/** Task kinds the proxy can add; each maps to the hosted scheduler's `add<Kind>Task`. */
export type TaskKind = 'interval' | 'weekday' | 'monthday' | 'single' | 'cron';

/** Proxy → host. Every request gets exactly one Reply with the same id. */
export type Request =
  | { id: number; op: 'init'; options: HostOptions }
  | { id: number; op: 'add'; kind: TaskKind; options: Record<string, unknown> }
  | { id: number; op: 'cancel'; name: string }
  | { id: number; op: 'pause' | 'resume'; name?: string }
  | { id: number; op: 'tasks' }
  | { id: number; op: 'runNow'; name: string; delay?: number }
  | { id: number; op: 'start' }
  | { id: number; op: 'stop'; timeout?: number };

/** Options of the hosted Scheduler that can cross (no clock, logger or hooks). */
export interface HostOptions {
  maxWorkers?: number;
  workerOptions?: Record<string, unknown>;
}

export interface RemoteTask {
  name: string;
}

export interface RemoteRun {
  scheduledAt: Date;
  startedAt: Date;
  kind: RunKind;
}

/** Events as the proxy emits them: the hosted scheduler's, with tasks as `{ name }`. */
export interface RemoteEvents {
  scheduled: { task: RemoteTask; at: Date };
  start: { task: RemoteTask; run: RemoteRun };
  success: { task: RemoteTask; run: RemoteRun; value: unknown; durationMs: number };
  error: { task?: RemoteTask; run?: RemoteRun; error: unknown };
  skip: { task: RemoteTask; scheduledAt: Date; runningForMs: number };
  missed: { task: RemoteTask; count: number; first: Date; last: Date; truncated: boolean };
  cancel: { task: RemoteTask };
  stop: Record<string, never>;
}

export const REMOTE_EVENTS: ReadonlyArray<keyof RemoteEvents> = ['scheduled', 'start', 'success', 'error', 'skip', 'missed', 'cancel', 'stop'];

/** Host → proxy. */
export type HostMessage =
  | { type: 'reply'; id: number; ok: true; value: unknown }
  | { type: 'reply'; id: number; ok: false; error: SerializedError }
  | { type: 'event'; event: keyof RemoteEvents; payload: unknown }
  /** A task left the hosted registry on its own (one-shot done, maxRuns): not to be restored. */
  | { type: 'gone'; name: string };

export type { TaskInfo };
