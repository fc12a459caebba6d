/**
 * The one message protocol between a scheduler proxy (ThreadedScheduler, ForkedScheduler)
 * and the Scheduler it hosts in a worker thread or child process. Everything here is
 * structured-cloneable: tasks travel as their kind (or a module reference to their class)
 * and options, events carry `{ name }` instead of Task objects, errors travel serialized.
 */
import type { SerializedError } from '../execution/serialize.js';
import type { ModuleReference, OutcomeStatus, RunKind, TaskInfo } from '../types.js';
import type { SchedulerCrashError } from '../errors.js';
import type { EventPayloads } from '../scheduler/events.js';

export type { SerializedError };

/** Built-in task kinds; each maps to the hosted scheduler's `add<Kind>Task`. */
export type TaskKind = 'interval' | 'weekday' | 'monthday' | 'single' | 'cron';

/** What to build in the host: a built-in kind, or a Task subclass named by module. */
export type TaskType = TaskKind | { module: string; export: string };

/** Where the first run goes: the task's own rule, after a delay, or at an instant. */
export type Placement = { delay: number } | { at: number };

/**
 * What a restored task carries over from the host that died (or was stopped): counts, last
 * outcome, pause, and its next slot, so a restart neither resets limits nor moves the grid.
 */
export interface RestoreState {
  runs: number;
  failures: number;
  lastOutcome?: TaskInfo['lastOutcome'];
  paused: boolean;
  /** The next slot it had (or where it stood when paused); null: count from its own rule. */
  nextRunAt: number | null;
  /** With no known next slot: the last slot it started, to count the next one from. */
  lastSlot?: number;
  /** A run lost with the previous host, to run again at once. */
  retry?: boolean;
}

/** Proxy → host. Every request gets exactly one Reply with the same id. */
export type Request =
  | { id: number; op: 'init'; options: HostOptions }
  | { id: number; op: 'add'; type: TaskType; options: Record<string, unknown>; place?: Placement; restore?: RestoreState }
  | { id: number; op: 'cancel'; name: string }
  | { id: number; op: 'pause' | 'resume'; name?: string }
  | { id: number; op: 'tasks' }
  | { id: number; op: 'getTask'; name: string }
  | { id: number; op: 'nextRunsBetween'; name: string; from: number; to: number; limit?: number }
  | { id: number; op: 'runNow'; name: string; delay?: number }
  | { id: number; op: 'start' }
  | { id: number; op: 'stop'; timeout?: number };

export type Op = Request['op'];

/**
 * Proxy → host, answered by nothing: the events the proxy has listeners for, sent after
 * `init` and whenever that set changes. The host forwards only those (DESIGN §6), plus
 * `start`, `success` and `error`, from which the proxy keeps its record of runs in flight.
 */
export type Notice = { op: 'listen'; events: Array<keyof RemoteEvents> };

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

/** Events as the hosted scheduler emits them, with tasks as `{ name }`. */
export interface RemoteEvents extends EventPayloads<RemoteTask, RemoteRun> {}

/** What a proxy emits: the hosted scheduler's events, and its own `restart`. */
export interface ProxyEvents extends RemoteEvents {
  /** The host died and a new one starts after `delayMs` (the back-off), restart number `attempt` in a row. */
  restart: { error: SchedulerCrashError; attempt: number; delayMs: number };
}

export const REMOTE_EVENTS: ReadonlyArray<keyof RemoteEvents> = ['scheduled', 'start', 'success', 'error', 'skip', 'missed', 'cancel', 'stop'];

/**
 * Host → proxy, posted in batches (`HostMessage[]`) in the order the host produced them.
 * What crosses with every run is a flat tuple: cloning one costs a fraction of an object's.
 */
export type HostMessage =
  | { type: 'reply'; id: number; ok: true; value: unknown }
  | { type: 'reply'; id: number; ok: false; error: SerializedError }
  /** An event the proxy listens to, whole. */
  | { type: 'event'; event: keyof RemoteEvents; payload: unknown }
  | StateNote
  | RunNote;

/**
 * A task's state as the proxy keeps it (mirror.ts), read when its batch is posted and placed
 * after the batch's events; `gone` when the task left the hosted registry (one-shot done,
 * maxRuns, cancelled).
 */
export type StateNote =
  | [note: 'state', name: string, nextRunAt: number | null, paused: boolean, runs: number, failures: number, lastOutcome?: OutcomeNote]
  | [note: 'gone', name: string];

/** `TaskInfo.lastOutcome` as it crosses in a StateNote. */
export type OutcomeNote = [status: OutcomeStatus, at: number, durationMs: number, latenessMs: number, error?: SerializedError];

/**
 * A run's start or end. `began`/`ended`: nobody on the proxy side listens to the event, but
 * the proxy's record of runs in flight (which a dead host's runs are retried from) is kept
 * from it. `start`/`success`: the event, listened to, which the proxy makes whole again.
 */
export type RunNote =
  | [note: 'began' | 'ended' | 'start', name: string, scheduledAt: number, startedAt: number, kind: RunKind]
  | [note: 'success', name: string, scheduledAt: number, startedAt: number, kind: RunKind, durationMs: number, value: unknown];

export type { ModuleReference, TaskInfo };
