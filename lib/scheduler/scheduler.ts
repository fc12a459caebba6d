/**
 * The Scheduler: a heap of (due, priority, sequence) entries and one timer armed for the
 * head. This file places tasks and wakes for them; a due slot goes to dispatch.ts, which
 * starts its run, and settle.ts records the run's outcome and reschedules (back here, to
 * place). It keeps going whatever a task does. The in-memory path is synchronous and
 * allocation-light.
 */
import createDebug from 'debug';
import { invalidType } from '../errors.js';
import type { DuplicateTaskError } from '../errors.js';
import type { Executor } from '../execution/executor.js';
import { Task } from '../tasks/task.js';
import { MAX_INSTANT_MS } from '../internal/instant.js';
import type { AroundHook, Clock, TaskInfo } from '../types.js';
import type { SchedulerEvents } from './events.js';
import { decideLate, reportMissed } from './misfire.js';
import type { LateDecision } from './misfire.js';
import { Dispatcher } from './dispatch.js';
import { Settler } from './settle.js';
import { RunQueue } from './queue.js';
import { QueueWake, WakeTimer, WallStepWatch } from './wake.js';
import { drawJitter } from './jitter.js';
import { closeExecutor, endRuns } from './stopping.js';
import { DeferredFirstSlots, neverRuns } from './first-slot.js';
import { SchedulerBase, checkDelay, toInstant } from './scheduler-base.js';
import { TaskRecord, recordOf } from './task-record.js';
import type { QueueNode } from './queue.js';
import { normalizeSchedulerOptions } from './options.js';
import type { SchedulerOptions } from './options.js';
import type { Store } from '../store/store.js';
import { DurableEngine } from './durable/engine.js';
import { DurableSchedules, memoryOnly } from './durable/schedules.js';
import { MemoryStore } from '../store/memory-store.js';

const debug = createDebug('kronos:scheduler');

/** Longest a single wake keeps draining runs that fall due while it works. */
const DRAIN_SLICE_MS = 25;

type Phase = 'new' | 'running' | 'stopping' | 'stopped';

/**
 * `S`: the store's type. On a durable store (`durable: true`, e.g. PostgresStore) the API
 * answers with Promises; the default keeps every signature synchronous.
 */
export class Scheduler<S extends Store = MemoryStore> extends SchedulerBase {
  readonly store: S;
  /** The durable engine, on a durable store only (the in-memory path never touches it). */
  readonly #engine: DurableEngine | undefined;
  readonly clock: Clock;
  readonly executor: Executor;
  readonly around: AroundHook | undefined;
  readonly #random: () => number;
  readonly #queue = new RunQueue<QueueNode>((nodes) => this.registry.warm(nodes));
  readonly #wakes: QueueWake;
  readonly #dispatcher: Dispatcher;
  readonly #settler: Settler;
  /** Tasks given a delay before the first `start()`: the delay counts from `start()`. */
  readonly #deferred = new DeferredFirstSlots();
  #phase: Phase = 'new';
  /** Kept across stop/start, so a step made while stopped is noticed at start(). */
  readonly #steps: WallStepWatch;
  /** The stop() under way, which a second stop() shares. */
  #stopping: Promise<void> | null = null;
  /** start() was called while stopping: start again once the stop is done. */
  #startAfterStop = false;
  #idleWaiters: Array<() => void> = [];
  /** Set while a wake drains the heap: placements wait for the drain's end to arm the timer. */
  #draining = false;

  constructor(options: SchedulerOptions<S> = {}) {
    const normalized = normalizeSchedulerOptions(options);
    super(normalized.logger);
    this.clock = normalized.clock;
    this.around = normalized.around;
    this.executor = normalized.executor;
    this.#random = normalized.random;
    this.#steps = new WallStepWatch(this.clock);
    this.#wakes = new QueueWake(new WakeTimer(this.clock, () => this.#wake(), normalized.unref), this.#queue, () => this.clock.now());
    this.#settler = new Settler(this, this, {
      hasSlot: (record) => this.#queue.holds(record) || this.#deferred.has(record),
      finish: (record) => this.finishTask(record),
      place: (record, at) => this.#place(record, at),
      fail: (record, error) => this.failTask(record, error),
    });
    this.#dispatcher = new Dispatcher(this, this.#settler, () => this.#settleIdle());
    this.store = (normalized.store ?? new MemoryStore({ clock: this.clock })) as S;
    if (normalized.store?.durable === true) {
      this.#engine = new DurableEngine(this, normalized.store, normalized.durable, normalized.unref);
      this.durable = new DurableSchedules(this.#engine, this);
    }
  }

  // ---- adding and scheduling -------------------------------------------------------------

  /** Registers a task (of any Task subclass) and schedules its first run. */
  override add<T extends Task>(task: T): T {
    if (this.#engine) throw memoryOnly('add');
    const now = this.clock.now();
    // Checked before registering: a task that can never run must not replace one that can.
    const first = task.firstRunAt(now);
    if (first === null) throw neverRuns(task, now);
    const record = this.register(task);
    if (!task.policy.enabled) {
      record.state = 'paused';
      record.pausedAt = first;
      return task;
    }
    if (this.#phase === 'new' && task.elapsed) {
      // Elapsed-time tasks count their first slot from start(), not from now.
      this.#deferred.defer(record, null);
      return task;
    }
    this.#place(record, first);
    return task;
  }

  /** Schedules `task` to run after `delay` ms (Kronos' `schedule_task`); before `start()` the delay counts from it. */
  scheduleTask(task: Task, delay: number): void {
    if (this.#engine) throw memoryOnly('scheduleTask');
    checkDelay(delay);
    const record = this.register(task);
    if (this.#phase === 'new') this.#deferred.defer(record, delay);
    else this.#place(record, this.clock.now() + delay);
  }

  /** Schedules `task` at an absolute time (Kronos' `schedule_task_abs`). */
  scheduleTaskAbs(task: Task, at: Date | number): void {
    // Every run's `reschedule` comes here with epoch ms for a task held here: checked inline.
    const ms = typeof at === 'number' && at <= MAX_INSTANT_MS && at >= -MAX_INSTANT_MS ? at : toInstant(at, 'at');
    const held = task instanceof Task ? recordOf(task) : null;
    const record = held !== null && held.owner === this ? held : this.register(task);
    // Only tasks added before the first start() wait there.
    if (this.#phase === 'new') this.#deferred.drop(record);
    this.#place(record, ms);
  }

  protected override unschedule(record: TaskRecord): void {
    this.#queue.remove(record);
    this.#deferred.drop(record);
  }

  protected override pendingAt(record: TaskRecord): number | null {
    const first = this.#deferred.firstAt(record, this.clock.now());
    if (first !== undefined) return first;
    const at = this.#queue.atOf(record);
    return at === null ? null : at - record.jitterMs;
  }

  protected override placeResumed(record: TaskRecord, anchor: number | null): void {
    const now = this.clock.now();
    const task = record.task;
    const at = anchor === null ? task.firstRunAt(now) : anchor >= now ? anchor : task.slotAfter(anchor, now - 1);
    if (at === null) this.finishTask(record);
    else this.#place(record, at);
  }

  protected override placeManual(task: Task, at: number): void {
    this.#queue.push({ qid: -1, task }, at);
    if (this.#phase === 'running') this.#wakes.manual(at);
  }

  #place(record: TaskRecord, at: number): void {
    const task = record.task;
    // Only a task with a `jitter` ever holds one (kept in the record's seldom-used part).
    let due = at;
    if (task.config.policy.jitter > 0) {
      record.jitterMs = drawJitter(task, at, this.#random);
      due += record.jitterMs;
    }
    this.#queue.push(record, due);
    if (record.state === 'failed') record.state = 'scheduled';
    if (this.#phase === 'running' && !this.#draining) this.#wakes.placed(due);
    // Checked first so that scheduling a million tasks allocates no event payloads.
    if (this.events.listening.scheduled) this.events.emit('scheduled', { task, at: new Date(at) });
  }

  // ---- lifecycle -------------------------------------------------------------------------

  get isRunning(): boolean {
    if (this.#engine) return this.#engine.isRunning;
    return this.#phase === 'running';
  }

  /** Starts the loop. Slots passed while stopped follow each task's misfire policy now. */
  start(): this {
    if (this.#engine) {
      this.#engine.start();
      return this;
    }
    if (this.#phase === 'running') return this;
    if (this.#phase === 'stopping') {
      // Not now: the pending stop() ends its work first, then the scheduler starts again.
      this.#startAfterStop = true;
      return this;
    }
    const now = this.clock.now();
    if (this.#phase === 'new') this.#steps.reset(now);
    // A step of the wall clock while stopped counts as if it happened while running.
    else this.#noticeClockJump(now);
    for (const [record, first] of this.#deferred.take(now)) {
      if (first === null) this.finishTask(record);
      else this.#place(record, first);
    }
    this.#phase = 'running';
    this.#dispatcher.accepting = true;
    debug('start with %d tasks', this.registry.size);
    this.#wake();
    return this;
  }

  /**
   * Stops the loop and keeps the tasks. Running runs may finish; at `timeout` (ms, default
   * 30 000; `Infinity` waits for them however long) they are aborted through their `signal`.
   * No run starts after this resolves. A second call while stopping shares the pending stop
   * (its own `timeout` is not used) and cancels a start() made meanwhile.
   */
  async stop(options: { timeout?: number } = {}): Promise<void> {
    const timeout = options.timeout ?? 30_000;
    if (typeof timeout !== 'number' || Number.isNaN(timeout) || timeout < 0) throw invalidType('timeout', 'a number of ms ≥ 0', timeout);
    if (this.#engine) return this.#engine.stop(timeout);
    this.#startAfterStop = false;
    if (this.#stopping) return this.#stopping;
    if (this.#phase !== 'running') return;
    this.#stopping = this.#halt(timeout);
    return this.#stopping;
  }

  async #halt(timeout: number): Promise<void> {
    this.#phase = 'stopping';
    this.#dispatcher.accepting = false;
    this.#wakes.disarm();
    await endRuns(this.#dispatcher, this.clock, timeout, (item) => {
      if (item.kind !== 'manual' && item.record.owner === this && !this.#queue.holds(item.record)) this.#place(item.record, item.scheduledAt);
    });
    await closeExecutor(this.executor, (error) => this.report(error));
    this.#phase = 'stopped';
    this.#stopping = null;
    this.events.emit('stop', {});
    this.#settleIdle();
    if (this.#startAfterStop) {
      this.#startAfterStop = false;
      this.start();
    }
  }

  /** Resolves when nothing runs and nothing is due. */
  onIdle(): Promise<void> {
    if (this.#engine) return this.#engine.onIdle();
    if (this.#isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  #isIdle(): boolean {
    if (this.#dispatcher.active.size > 0 || this.#dispatcher.laneLength > 0) return false;
    if (this.#phase !== 'running') return true;
    const head = this.#queue.headAt();
    return head === undefined || head > this.clock.now();
  }

  #settleIdle(): void {
    if (this.#idleWaiters.length === 0 || !this.#isIdle()) return;
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  // ---- the loop --------------------------------------------------------------------------

  #wake(): void {
    if (this.#phase !== 'running') return;
    this.#draining = true;
    try {
      let now = this.clock.now();
      const wokeAt = now;
      this.#noticeClockJump(now);
      const limit = this.#queue.nextSeq;
      // An action may stop the scheduler: from then on nothing more is taken from the heap,
      // so the entries still due stay there for start().
      while (this.#phase === 'running') {
        const queue = this.#queue;
        for (let entry = queue.popDue(now, limit); entry; entry = this.#phase === 'running' ? queue.popDue(now, limit) : undefined) this.#fire(entry, queue.poppedAt, now);
        // Runs that fell due while draining go now rather than after another timer turn,
        // within a time slice that keeps I/O served.
        const later = this.clock.now();
        if (later === now || later - wokeAt >= DRAIN_SLICE_MS) break;
        now = later;
      }
    } catch (error) {
      this.report(error);
    }
    this.#draining = false;
    this.#queue.trim();
    const head = this.#queue.headAt();
    if (head !== undefined && this.#phase === 'running') this.#wakes.drained(head);
    this.#settleIdle();
  }

  /** Starts what `node`, due at `due` and just taken from the heap, stands for. */
  #fire(node: QueueNode, due: number, now: number): void {
    if (!(node instanceof TaskRecord)) {
      const manual = this.recordIn(node.task);
      if (manual !== null) this.#dispatcher.dispatch(manual, due, 'manual');
      return;
    }
    const record = node;
    if (record.owner !== this) return;
    const policy = record.task.config.policy;
    // Lateness counts from the jittered start; the run keeps its slot as scheduledAt.
    const slot = policy.jitter > 0 ? due - record.jitterMs : due;
    // Late: more than the grace time has passed since its due time; misfire.ts decides what then.
    if (now - due > policy.misfireGraceTime) this.#applyLate(record, decideLate(record, slot, now - record.jitterMs));
    else {
      if (policy.catchUp === 'all') record.catchUpRuns = 0;
      this.#dispatchScheduled(record, slot, 'scheduled');
    }
  }

  /** Interval slots measure elapsed time: they move back with the wall clock (no stall: APScheduler #752). */
  #noticeClockJump(now: number): void {
    const step = this.#steps.take(now);
    if (step === 0) return;
    const moved = this.#queue.shift(step, (node) => !(node instanceof TaskRecord) || node.task.elapsed);
    debug('wall clock went back %d ms; moved %d interval slots', -step, moved);
  }

  #applyLate(record: TaskRecord, decision: LateDecision): void {
    if (decision.missed && decision.missed.count > 0) reportMissed(this, record.task, decision.missed);
    if (decision.run) this.#dispatchScheduled(record, decision.run.at, decision.run.kind);
    else if (decision.place === null) this.finishTask(record);
    else if (decision.place !== undefined) this.#place(record, decision.place);
  }

  #dispatchScheduled(record: TaskRecord, at: number, kind: 'scheduled' | 'catchup'): void {
    if (this.#dispatcher.dispatch(record, at, kind) !== 'started') this.#settler.carryOn(record, at);
  }

  /** Heap nodes held (leak checks): one per placed task and pending manual run, nothing dead. */
  get queueCapacity(): number {
    return this.#queue.size;
  }
}

export type { DuplicateTaskError, SchedulerEvents, SchedulerOptions, TaskInfo };
