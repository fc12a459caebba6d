/**
 * One run, as the runner, the events, `reschedule`, the action's `currentRun()` and the
 * task's last outcome see it. A single object per run, with its Dates and its
 * AbortController made only when somebody asks: dispatching 100 000 runs must not mean
 * 100 000 controllers, 300 000 Dates and a second object for each outcome.
 */
import type { Task } from '../tasks/task.js';
import type { LastRun } from '../tasks/task.js';
import { recordOf } from './task-record.js';
import type { Clock, Outcome, OutcomeStatus, RunContext, RunKind } from '../types.js';
import type { RunInfo } from './events.js';

const RESCHEDULES = 1;
const AT_END = 2;
const SEQUENTIAL = 4;
const SETTLED = 8;
const KINDS: readonly RunKind[] = ['scheduled', 'manual', 'catch-up'];
const STATUSES: readonly OutcomeStatus[] = ['success', 'error', 'timeout', 'skipped'];
const KIND_SHIFT = 4;
const STATUS_SHIFT = 6;

/** The same number, as a small integer when it is one (V8 then stores it without a box). */
function small(value: number): number {
  const int = value | 0;
  return int === value ? int : value;
}

export class Run implements RunInfo, RunContext, LastRun, Outcome {
  // Times are kept as small offsets from the slot (lateness, then duration): an epoch-ms
  // double costs a heap box per field, a small integer costs nothing.
  #late: number;
  #took = 0;
  // `declare`: no own property unless the run failed (a success has no `error` key).
  declare error?: unknown;
  /** @internal whether the runner's active list holds this run (only runs that outlive their call) */
  tracked = false;
  /** @internal neighbours in the runner's list of active runs */
  prevActive: Run | null = null;
  /** @internal */
  nextActive: Run | null = null;
  /** Flags, kind and status in one number: a run is the hottest allocation there is. */
  #bits: number;
  #controller: AbortController | undefined = undefined;

  constructor(
    readonly task: Task,
    kind: RunKind,
    readonly scheduledMs: number,
    clock: Clock,
    reschedules: boolean,
    rescheduleAtEnd: boolean,
    sequential: boolean,
  ) {
    this.#late = small(clock.now() - scheduledMs);
    this.#bits = (reschedules ? RESCHEDULES : 0) | (rescheduleAtEnd ? AT_END : 0) | (sequential ? SEQUENTIAL : 0) | (KINDS.indexOf(kind) << KIND_SHIFT);
  }

  get kind(): RunKind {
    return KINDS[(this.#bits >> KIND_SHIFT) & 3] as RunKind;
  }

  get status(): OutcomeStatus {
    return STATUSES[(this.#bits >> STATUS_SHIFT) & 3] as OutcomeStatus;
  }

  /** For `reschedule`: the task's last outcome (this run's once it has settled). */
  get outcome(): Outcome | undefined {
    return recordOf(this.task)?.lastOutcome;
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

/** The runs going on, as a list threaded through the runs: adding and removing hash nothing. */
export class ActiveRuns implements Iterable<Run> {
  #first: Run | null = null;
  #last: Run | null = null;
  size = 0;

  add(run: Run): void {
    run.tracked = true;
    run.prevActive = this.#last;
    run.nextActive = null;
    if (this.#last) this.#last.nextActive = run;
    else this.#first = run;
    this.#last = run;
    this.size++;
  }

  delete(run: Run): void {
    if (!run.tracked) return;
    run.tracked = false;
    if (run.prevActive) run.prevActive.nextActive = run.nextActive;
    else this.#first = run.nextActive;
    if (run.nextActive) run.nextActive.prevActive = run.prevActive;
    else this.#last = run.prevActive;
    run.prevActive = null;
    run.nextActive = null;
    this.size--;
  }

  *[Symbol.iterator](): IterableIterator<Run> {
    for (let run = this.#first; run !== null; run = run.nextActive) yield run;
  }
}
