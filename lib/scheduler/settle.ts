/**
 * A run's last stage: its outcome is recorded on the task's record, `success` or `error` is
 * emitted, and the task's schedule is carried on (`reschedule`), or the task finishes. Also
 * the Run itself, which is that outcome: one object per run, as dispatch, the events,
 * `reschedule`, the action's `currentRun()` and `TaskInfo.lastOutcome` see it, with its Dates
 * and its AbortController made only when somebody asks (dispatching 100 000 runs must not
 * mean 100 000 controllers, 300 000 Dates and a second object for each outcome).
 */
import { Task, nextRunOf } from '../tasks/task.js';
import { FOLLOWS_RULE, badNextRun, nextRunThrew } from '../tasks/next-slot.js';
import type { Rule } from '../time/rules/rule.js';
import { MAX_INSTANT_MS } from '../internal/instant.js';
import type { LastRun, ReschedulingScheduler } from '../tasks/task.js';
import type { Clock, Logger, Outcome, OutcomeStatus, RunContext, RunKind } from '../types.js';
import type { RunInfo, SchedulerEvents } from './events.js';
import { reportError } from './emitter.js';
import type { Emitter } from './emitter.js';
import type { RecordOwner, TaskRecord } from './task-record.js';

const RESCHEDULES = 1;
const AT_END = 2;
const SEQUENTIAL = 4;
const SETTLED = 8;
const KINDS: readonly RunKind[] = ['scheduled', 'manual', 'catchup'];
const STATUSES: readonly OutcomeStatus[] = ['success', 'error', 'timeout', 'skipped'];
const KIND_SHIFT = 4;
const STATUS_SHIFT = 6;

/** The same number, as a small integer when it is one (V8 then stores it without a box). */
function small(value: number): number {
  const int = value | 0;
  return int === value ? int : value;
}

export class Run implements RunInfo, RunContext, LastRun, Outcome {
  /** @internal the record of the run's task (settling and rescheduling need no lookup) */
  readonly record: TaskRecord;
  // Times are kept as small offsets from the slot (lateness, then duration): an epoch-ms
  // double costs a heap box per field, a small integer costs nothing.
  #late: number;
  #took = 0;
  // `declare`: no own property unless the run failed (a success has no `error` key).
  declare error?: unknown;
  /** @internal whether dispatch's list of active runs holds this run (only runs that outlive their call) */
  tracked = false;
  /** @internal neighbours in dispatch's list of active runs */
  prevActive: Run | null = null;
  /** @internal */
  nextActive: Run | null = null;
  /** Flags, kind and status in one number: a run is the hottest allocation there is. */
  #bits: number;
  #controller: AbortController | undefined = undefined;

  constructor(
    record: TaskRecord,
    kind: RunKind,
    readonly scheduledMs: number,
    clock: Clock,
    reschedules: boolean,
    rescheduleAtEnd: boolean,
    sequential: boolean,
  ) {
    this.record = record;
    this.#late = small(clock.now() - scheduledMs);
    this.#bits = (reschedules ? RESCHEDULES : 0) | (rescheduleAtEnd ? AT_END : 0) | (sequential ? SEQUENTIAL : 0) | (KINDS.indexOf(kind) << KIND_SHIFT);
  }

  get task(): Task {
    return this.record.task;
  }

  get kind(): RunKind {
    return KINDS[(this.#bits >> KIND_SHIFT) & 3] as RunKind;
  }

  get status(): OutcomeStatus {
    return STATUSES[(this.#bits >> STATUS_SHIFT) & 3] as OutcomeStatus;
  }

  /** For `reschedule`: the task's last outcome (this run's once it has settled). */
  get outcome(): Outcome | undefined {
    return this.record.lastOutcome;
  }

  get attempt(): number {
    return 1;
  }

  get name(): string {
    return this.task.name;
  }

  /** Whether this run carries the task's schedule on (not manual or already-rescheduled runs). */
  get reschedules(): boolean {
    return (this.#bits & RESCHEDULES) !== 0;
  }

  /** Whether that reschedule waits for the run's end (sequential and catch-up runs). */
  get rescheduleAtEnd(): boolean {
    return (this.#bits & AT_END) !== 0;
  }

  /** Runs in the sequential lane release it when they end. */
  get sequential(): boolean {
    return (this.#bits & SEQUENTIAL) !== 0;
  }

  get settled(): boolean {
    return (this.#bits & SETTLED) !== 0;
  }

  /** Records the outcome; false if the run had already settled (a timeout and an end may race). */
  settle(status: OutcomeStatus, clock: Clock, error?: unknown): boolean {
    if (this.#bits & SETTLED) return false;
    this.#bits |= SETTLED | (STATUSES.indexOf(status) << STATUS_SHIFT);
    this.#took = small(clock.now() - this.scheduledMs - this.#late);
    if (error !== undefined || status !== 'success') this.error = error;
    return true;
  }

  get scheduledAt(): Date {
    return new Date(this.scheduledMs);
  }

  get startedAt(): Date {
    return new Date(this.startedMs);
  }

  /** For `reschedule`: the end for runs rescheduled at their end, else the start. */
  get finishedAt(): Date {
    return this.rescheduleAtEnd ? new Date(this.finishedMs) : this.startedAt;
  }

  /** Outcome: when the run finished. */
  get at(): Date {
    return new Date(this.finishedMs);
  }

  get startedMs(): number {
    return this.scheduledMs + this.#late;
  }

  /** The end once settled; until then the start. */
  get finishedMs(): number {
    return this.scheduledMs + this.#late + this.#took;
  }

  get durationMs(): number {
    return this.#took;
  }

  get latenessMs(): number {
    return this.#late;
  }

  get signal(): AbortSignal {
    return (this.#controller ??= new AbortController()).signal;
  }

  /** Aborts the signal if anybody took it; a run nobody listens to has nothing to abort. */
  abort(reason: unknown): void {
    this.#controller?.abort(reason);
  }

  /** As an outcome (`TaskInfo.lastOutcome`). */
  toJSON(): Record<string, unknown> {
    const json: Record<string, unknown> = { status: this.status, at: this.at, durationMs: this.durationMs, latenessMs: this.latenessMs };
    if ('error' in this) json.error = this.error;
    return json;
  }
}

/** What settling needs from the scheduler: values only. */
export interface SettleDeps {
  readonly clock: Clock;
  readonly events: Emitter<SchedulerEvents>;
  readonly logger: Logger;
}

/** How a task leaves the scheduler's hands, or stays in them; the scheduler's own, protected steps. */
export interface TaskExits {
  /** Whether the task has a next slot: placed in the heap, or waiting for start(). */
  hasSlot(record: TaskRecord): boolean;
  /** One-shot done, `maxRuns` reached or no next slot: the task leaves the registry. */
  finish(record: TaskRecord): void;
  /** Places the task's next slot (what `scheduleTaskAbs` does for a task it holds). */
  place(record: TaskRecord, at: number): void;
  /** A throwing `reschedule` or a broken `nextRun`: reported, the task stays listed as failed. */
  fail(record: TaskRecord, error: unknown): void;
}

export class Settler {
  readonly #deps: SettleDeps;
  /** The scheduler, as `reschedule(scheduler, last)` receives it and as records name their owner. */
  readonly #scheduler: ReschedulingScheduler & RecordOwner;
  readonly #exits: TaskExits;

  constructor(deps: SettleDeps, scheduler: ReschedulingScheduler & RecordOwner, exits: TaskExits) {
    this.#deps = deps;
    this.#scheduler = scheduler;
    this.#exits = exits;
  }

  /** Records a settled run's outcome on its task's record, emits it, and reschedules runs that wait for their end. */
  settled(run: Run, value: unknown): void {
    const record = run.record;
    const events = this.#deps.events;
    record.running--;
    // A task that already left (finished, cancelled) keeps no run: its record is usually old
    // by now, and a young run referenced from it survives every scavenge (W3's 100k one-shots:
    // tens of ms of GC inside the window). Nothing lists such a task; the events had the run.
    record.lastOutcome = record.owner === null ? undefined : run;
    if (record.state === 'running' && record.running === 0) record.state = 'scheduled';
    if (run.status === 'success') {
      if (events.listening.success) events.emit('success', { task: record.task, run, value, durationMs: run.durationMs });
    } else {
      record.failures++;
      reportError(events, this.#deps.logger, run.error, record.task, run);
    }
    if (run.reschedules && run.rescheduleAtEnd) this.reschedule(record, run);
  }

  /** A slot skipped at `now` because `maxInstances` runs are still going (the oldest for `runningForMs`). */
  skipped(record: TaskRecord, scheduledAt: number, now: number, runningForMs: number): void {
    const task = record.task;
    const payload = { task, scheduledAt: new Date(scheduledAt), runningForMs };
    // A listener takes over the warning, as for `error` and `missed`.
    if (!this.#deps.events.emit('skip', payload)) {
      this.#deps.logger.warn(`Task "${task.name}" skipped a run: maxInstances (${task.config.policy.maxInstances}) still running after ${runningForMs} ms`);
    }
    record.lastOutcome = { status: 'skipped', at: new Date(now), durationMs: 0, latenessMs: now - scheduledAt };
  }

  /** Carries the schedule on from a slot that started no run (skipped, or queued behind a running one). */
  carryOn(record: TaskRecord, scheduledAt: number): void {
    const when = new Date(this.#deps.clock.now());
    this.reschedule(record, { scheduledAt: new Date(scheduledAt), startedAt: when, finishedAt: when, outcome: record.lastOutcome });
  }

  /** Carries a task's schedule on after a run began (concurrent) or ended (sequential), or was skipped. */
  reschedule(record: TaskRecord, last: LastRun): void {
    const scheduler = this.#scheduler;
    if (record.owner !== scheduler || record.state === 'failed') return;
    const task = record.task;
    if (record.state === 'paused') {
      record.pausedAt ??= safeNext(task, last.scheduledAt.getTime());
      return;
    }
    if (record.runs >= task.config.policy.maxRuns) {
      this.#exits.finish(record);
      return;
    }
    const rule = directRule(task);
    if (rule !== null) {
      // What the default `reschedule` does, without going through the task.
      const from = task.elapsed && task.config.policy.processMethod === 'sequential' ? (last.finishedMs ?? last.finishedAt.getTime()) : (last.scheduledMs ?? last.scheduledAt.getTime());
      let next: number | null;
      try {
        next = rule.next(from);
      } catch (error) {
        this.#exits.fail(record, nextRunThrew(task, from, error));
        return;
      }
      if (next !== null && next > from && next <= MAX_INSTANT_MS) this.#exits.place(record, next);
      // A slot no Date can hold is no slot (as in nextRunOf).
      else if (next === null || (next > MAX_INSTANT_MS && Number.isFinite(next))) this.#exits.finish(record);
      else this.#exits.fail(record, badNextRun(task, from, next));
      return;
    }
    try {
      task.reschedule(scheduler, last);
    } catch (error) {
      this.#exits.fail(record, error);
      return;
    }
    // A `reschedule` that placed nothing finishes the task (unless it paused or cancelled it).
    if (record.owner === scheduler && (record.state as string) !== 'paused' && !this.#exits.hasSlot(record)) this.#exits.finish(record);
  }
}

/** How the next slot is found, as far as settling needs to know (protected members included). */
interface NextSlotMethods {
  reschedule: unknown;
  nextRun: unknown;
  nextRunAt: unknown;
  rescheduleFrom: unknown;
  ruleNext: { [FOLLOWS_RULE]?: boolean };
  rule: Rule;
}
const BASE = Task.prototype as unknown as NextSlotMethods;

/**
 * The rule a task's schedule follows when nothing about finding its next slot is overridden
 * (a built-in task, or a subclass that overrides none of `nextRun`, `nextRunAt`, `ruleNext`,
 * `rescheduleFrom`, `reschedule`): settling then asks that rule itself, with the checks of the
 * default `reschedule`. Null otherwise. Property reads only: it runs on every run (and on
 * every run about to start, when the registry warms a batch of them).
 */
export function directRule(task: Task): Rule | null {
  const t = task as unknown as NextSlotMethods;
  if (t.reschedule !== BASE.reschedule || t.nextRun !== BASE.nextRun || t.nextRunAt !== BASE.nextRunAt) return null;
  if (t.rescheduleFrom !== BASE.rescheduleFrom || t.ruleNext[FOLLOWS_RULE] !== true) return null;
  return task.config.limited ?? t.rule;
}

function safeNext(task: Task, after: number): number | null {
  try {
    return nextRunOf(task, after);
  } catch {
    return null;
  }
}
