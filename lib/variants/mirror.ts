/**
 * The proxy's copy of what its host holds: each task's definition (type and options) and
 * last known state (counts, outcome, pause, next slot), kept from the `state` messages that
 * close each batch of events the host sends. When the host dies or is stopped, the copy is
 * what the next host is given back, so neither limits nor the slot grid nor pauses are lost,
 * a cancelled or finished task does not come back, and a run lost with the host is retried a
 * bounded number of times.
 */
import type { OutcomeNote, RemoteEvents, RemoteRun, RestoreState, StateNote, TaskInfo, TaskType } from './protocol.js';
import type { RunKind } from '../types.js';
import { RunLostError } from '../errors.js';

interface Entry {
  type: TaskType;
  options: Record<string, unknown>;
  runs: number;
  failures: number;
  /** As a StateNote carried it (made an Outcome only if a host is given it back). */
  lastOutcome: TaskInfo['lastOutcome'] | OutcomeNote;
  paused: boolean;
  /** The next slot the host had; undefined while the host counts it itself (before start). */
  nextRunAt: number | null | undefined;
  lastSlot: number | undefined;
  inFlight: RemoteRun[];
  /** Runs of this task lost with a host in a row (the attempt of the next run is this + 1). */
  lost: number;
  retry: boolean;
}

export interface Death {
  where: 'thread' | 'process';
  exitCode: number | null;
  signal: string | null;
}

export interface RestoreRequest {
  name: string;
  type: TaskType;
  options: Record<string, unknown>;
  restore: RestoreState;
}

export class TaskMirror {
  readonly #tasks = new Map<string, Entry>();

  get size(): number {
    return this.#tasks.size;
  }

  has(name: string): boolean {
    return this.#tasks.has(name);
  }

  /** A task the host accepted; `info` as the host answered (`placed`: its nextRunAt is absolute). */
  added(type: TaskType, options: Record<string, unknown>, info: TaskInfo, placed: boolean): void {
    const entry: Entry = {
      type,
      options: { ...options, name: info.name },
      runs: 0,
      failures: 0,
      lastOutcome: undefined,
      paused: false,
      nextRunAt: undefined,
      lastSlot: undefined,
      inFlight: [],
      lost: 0,
      retry: false,
    };
    this.#tasks.set(info.name, entry);
    this.#apply(entry, info, placed || info.state === 'paused');
  }

  /** A StateNote: the task's state in the host, or `gone` when it left the host's registry. */
  state(note: StateNote): void {
    const entry = this.#tasks.get(note[1]);
    if (!entry) return;
    if (note[0] === 'gone') {
      // Finished or cancelled in the host; a run still going could yet be lost and retried.
      if (entry.inFlight.length === 0) this.#tasks.delete(note[1]);
      else entry.nextRunAt = null;
      return;
    }
    entry.nextRunAt = note[2];
    entry.paused = note[3];
    entry.runs = note[4];
    entry.failures = note[5];
    entry.lastOutcome = note[6];
  }

  /** Infos returned by pause/resume. */
  update(infos: TaskInfo[]): void {
    for (const info of infos) {
      const entry = this.#tasks.get(info.name);
      if (entry) this.#apply(entry, info, true);
    }
  }

  /** Keeps track of the runs going on, to know which were lost with the host. */
  event<K extends keyof RemoteEvents>(event: K, payload: RemoteEvents[K]): void {
    const name = (payload as { task?: { name: string } }).task?.name;
    const run = (payload as { run?: RemoteRun }).run;
    if (name === undefined || !run) return;
    if (event === 'start') this.began(name, run);
    else if (event === 'success' || event === 'error') this.ended(name, run.scheduledAt.getTime(), run.kind);
  }

  began(name: string, run: RemoteRun): void {
    const entry = this.#tasks.get(name);
    if (!entry) return;
    entry.inFlight.push(run);
    entry.lastSlot = run.scheduledAt.getTime();
    entry.retry = false;
  }

  ended(name: string, scheduledAt: number, kind: RunKind): void {
    const entry = this.#tasks.get(name);
    if (!entry) return;
    const index = entry.inFlight.findIndex((r) => r.kind === kind && r.scheduledAt.getTime() === scheduledAt);
    if (index >= 0) entry.inFlight.splice(index, 1);
    entry.lost = 0;
  }

  /** The attempt number of the task's next run (1 unless earlier runs were lost with a host). */
  attempt(name: string): number {
    return (this.#tasks.get(name)?.lost ?? 0) + 1;
  }

  delete(name: string): boolean {
    return this.#tasks.delete(name);
  }

  /**
   * The host died: every run it had going is lost. Each is counted as a failed run and
   * retried by the next host while attempts remain. Returns the errors to report.
   */
  died(death: Death, maxAttempts: number): Array<{ name: string; run: RemoteRun; error: RunLostError }> {
    const out: Array<{ name: string; run: RemoteRun; error: RunLostError }> = [];
    for (const [name, entry] of this.#tasks) {
      for (const run of entry.inFlight) {
        entry.lost++;
        entry.failures++;
        const willRetry = entry.lost < maxAttempts;
        out.push({ name, run, error: new RunLostError(name, run.scheduledAt, entry.lost, maxAttempts, willRetry, death.where, death.exitCode, death.signal) });
        entry.retry = willRetry;
        if (!willRetry) entry.lost = 0;
      }
      entry.inFlight = [];
    }
    return out;
  }

  /** What to give a new host, in the order the tasks were added. */
  restoreList(): RestoreRequest[] {
    const out: RestoreRequest[] = [];
    for (const [name, entry] of this.#tasks) {
      const restore: RestoreState = {
        runs: entry.runs,
        failures: entry.failures,
        paused: entry.paused,
        nextRunAt: entry.nextRunAt ?? null,
      };
      const last = entry.lastOutcome;
      if (last) restore.lastOutcome = Array.isArray(last) ? outcomeOf(last) : last;
      if (entry.nextRunAt === null && entry.lastSlot !== undefined) restore.lastSlot = entry.lastSlot;
      if (entry.retry) restore.retry = true;
      out.push({ name, type: entry.type, options: entry.options, restore });
    }
    return out;
  }

  /** The new host answered a restore: null means the task had nothing left to run. */
  restored(name: string, info: TaskInfo | null): void {
    const entry = this.#tasks.get(name);
    if (!entry) return;
    entry.retry = false;
    if (info === null) this.#tasks.delete(name);
    else this.#apply(entry, info, true);
  }

  #apply(entry: Entry, info: TaskInfo, absolute: boolean): void {
    entry.runs = info.runs;
    entry.failures = info.failures;
    entry.lastOutcome = info.lastOutcome;
    entry.paused = info.state === 'paused';
    if (absolute) entry.nextRunAt = info.nextRunAt === null ? null : info.nextRunAt.getTime();
  }
}

function outcomeOf([status, at, durationMs, latenessMs, error]: OutcomeNote): NonNullable<TaskInfo['lastOutcome']> {
  const outcome: NonNullable<TaskInfo['lastOutcome']> = { status, at: new Date(at), durationMs, latenessMs };
  if (error !== undefined) outcome.error = error; // revived by the host it crosses to
  return outcome;
}
