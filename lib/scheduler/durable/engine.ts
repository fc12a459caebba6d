/**
 * The durable engine: a scheduler process over a durable Store. No leader: each process
 * claims due slots in the store (exactly one run per slot and kind), runs them, and arms one
 * timer for the next due slot in database time, capped at `pollInterval`; peers' events
 * re-arm it sooner. A store call that fails is reported and retried with a back-off.
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import createDebug from 'debug';
import { RunAbortedError } from '../../errors.js';
import { setLongTimeout, clearLongTimeout, unrefHandle } from '../../internal/clock.js';
import type { ClaimedRun, ScheduleRow, Store, StoreEvent } from '../../store/store.js';
import type { Task } from '../../tasks/task.js';
import { closeExecutor } from '../stopping.js';
import { Completions } from './completions.js';
import { DbClock } from './db-clock.js';
import { Leases } from './leases.js';
import type { NormalizedDurableOptions } from './options.js';
import { CLAIM_LIMIT, claimDue, RecoveryPace, recoverLost } from './claims.js';
import type { ClaimContext } from './claims.js';
import { ActiveRuns } from './active-runs.js';
import { executeRun } from './runner.js';
import type { RunHost } from './runner.js';
import { TaskCache } from './spec.js';
import type { EngineHost } from './host.js';
import { Upkeep } from './upkeep.js';
import { WakeTimer } from './wake-timer.js';

export type { EngineHost };

const debug = createDebug('kronos:durable');

/** Claims per wake at most, so one wake never starves I/O. */
const CLAIM_ROUNDS = 10;
/** A due slot no claim could take (a peer is claiming it): look again this soon. */
const BUSY_RETRY_MS = 20;
const MAX_BACKOFF_MS = 30_000;

type Phase = 'new' | 'running' | 'stopping' | 'stopped';

export class DurableEngine {
  readonly store: Store;
  readonly options: NormalizedDurableOptions;
  readonly dbClock: DbClock;
  readonly instanceId = randomUUID();
  readonly #host: EngineHost;
  readonly #leases: Leases;
  readonly #runHost: RunHost;
  readonly #claims: ClaimContext;
  readonly #upkeep: Upkeep;
  #phase: Phase = 'new';
  #ready = false;
  #registered = false;
  #unsubscribe: (() => Promise<void>) | null = null;
  readonly #wakeTimer: WakeTimer;
  #cycle: Promise<void> | null = null;
  /** The soonest next slot heard of while a wake was under way (store time). */
  #hint: number | null = null;
  #again = false;
  /** The store's next due time as told by this wake's last claim (undefined: ask for it). */
  #claimedNext: number | null | undefined = undefined;
  readonly #recovery: RecoveryPace;
  #failures = 0;
  #stopping: Promise<void> | null = null;
  readonly #active = new ActiveRuns(() => this.#cycle !== null);
  readonly #tasks: TaskCache;

  constructor(host: EngineHost, store: Store, options: NormalizedDurableOptions, unref: boolean) {
    this.#host = host;
    this.store = store;
    this.options = options;
    this.#tasks = new TaskCache(host.handlers);
    const unrefIt = (handle: unknown): void => void (unref && unrefHandle(handle));
    this.dbClock = new DbClock(store, host.clock, (offsetMs) => host.events.emit('clockSkew', { offsetMs }) || host.logger.warn(`The store's clock is ${offsetMs} ms from this process's clock; timers follow the store's`));
    const report = (error: unknown): void => host.report(error);
    this.#leases = new Leases(store, host.clock, options.leaseMs, {
      onError: report,
      onLost: (run, reason) => host.report(reason, this.taskFor(run.claimed.schedule)),
      unref: unrefIt,
    });
    const completions = new Completions(store);
    this.#runHost = {
      clock: host.clock, events: host.events, executor: host.executor, logger: host.logger, around: host.around, dbClock: this.dbClock,
      complete: (end) => completions.complete(end),
      report: (e, t, r) => host.report(e, t, r),
      nextSlot: (at) => this.#sooner(at),
    };
    this.#claims = {
      store, options, instanceId: this.instanceId, host, dbClock: this.dbClock,
      taskFor: (row) => this.taskFor(row),
      knownTask: (name) => this.#tasks.known(name),
      oldestStart: (name) => this.#leases.oldestStart(name),
      launch: (run, announceNext) => this.#launch(run, announceNext),
    };
    this.#wakeTimer = new WakeTimer(host.clock, this.dbClock, Math.min(options.pollInterval, options.leaseMs), (forSlot) => this.wake(forSlot), unrefIt);
    this.#recovery = new RecoveryPace(host.clock, this.#wakeTimer.capMs);
    this.#upkeep = new Upkeep(store, host.clock, { instanceId: this.instanceId, leaseMs: options.leaseMs, keepRuns: options.keepRuns, keepForMs: options.keepForMs }, {
      register: () => this.#register(),
      report,
      unref: unrefIt,
    });
    // A handler defined after start: peers (and orphan detection) must see it in our instance row.
    host.handlers.onDefine = () => {
      if (this.#registered) void this.#attempt(() => this.#register());
    };
  }

  get isRunning(): boolean {
    return this.#phase === 'running';
  }

  /** The schedule's task with this process's handlers, rebuilt once per spec version. */
  taskFor(row: ScheduleRow): Task {
    return this.#tasks.get(row);
  }

  start(): void {
    if (this.#phase === 'running') return;
    if (this.#stopping) {
      // Not now: the pending stop() ends its work first (as in memory).
      void this.#stopping.then(() => this.start());
      return;
    }
    this.#phase = 'running';
    debug('start instance %s (queues %o, execute %s)', this.instanceId, this.options.queues, this.options.execute);
    this.wake();
  }

  /** Stops claiming, lets running runs end (aborting them at `timeout`), leaves the store. */
  stop(timeout: number): Promise<void> {
    if (this.#stopping) return this.#stopping;
    if (this.#phase !== 'running') return Promise.resolve();
    this.#stopping = this.#halt(timeout).finally(() => {
      this.#stopping = null;
    });
    return this.#stopping;
  }

  async #halt(timeout: number): Promise<void> {
    this.#phase = 'stopping';
    this.#wakeTimer.disarm();
    await this.#cycle;
    if (this.#active.size > 0 && timeout > 0) {
      let expire!: () => void;
      const expired = new Promise<void>((resolve) => (expire = resolve));
      const timer = setLongTimeout(this.#host.clock, expire, timeout);
      await Promise.race([this.#active.settled(), expired]);
      clearLongTimeout(this.#host.clock, timer);
    }
    if (this.#active.size > 0) {
      // Recorded as errors with their fencing tokens (not left to a peer's recovery), and told through their signal.
      for (const held of this.#leases.held.values()) held.controller.abort(new RunAbortedError(held.claimed.schedule.name, `the scheduler stopped and its timeout (${timeout} ms) passed`));
      await this.#active.settled();
    }
    this.#leases.stop();
    await this.#upkeep.stop();
    this.#ready = false;
    if (this.#registered) {
      this.#registered = false;
      await this.#attempt(() => this.store.removeInstance(this.instanceId));
    }
    const unsubscribe = this.#unsubscribe;
    this.#unsubscribe = null;
    if (unsubscribe) await this.#attempt(unsubscribe);
    await closeExecutor(this.#host.executor, (error) => this.#host.report(error));
    this.#phase = 'stopped';
    this.#host.events.emit('stop', {});
    this.#active.settle();
  }

  /** Resolves when no run of this process is going on and no wake is under way. */
  onIdle(): Promise<void> {
    return this.#active.idle();
  }

  /** Looks at the store now (a wake under way looks again when it is done). `forSlot`: woken for a known due slot. */
  wake(forSlot = false): void {
    if (this.#phase !== 'running') return;
    this.#recovery.woke(forSlot);
    if (this.#cycle) {
      this.#again = true;
      return;
    }
    this.#wakeTimer.disarm();
    this.#cycle = this.#loop().finally(() => {
      this.#cycle = null;
      this.#active.settle();
    });
  }

  async #loop(): Promise<void> {
    do {
      this.#again = false;
      let busy = false;
      try {
        busy = await this.#wakeOnce();
        this.#failures = 0;
      } catch (error) {
        this.#failures++;
        this.#host.report(error);
      }
      if (this.#phase !== 'running') return;
      if (!this.#again) await this.#arm(busy);
    } while (this.#again && this.#phase === 'running');
  }

  /** One look at the store; true when a due slot was left that no claim could take. */
  async #wakeOnce(): Promise<boolean> {
    this.#claimedNext = undefined;
    if (!this.#ready) await this.#setup();
    if (this.dbClock.stale) await this.dbClock.measure();
    if (!this.options.execute) return false;
    if (this.#recovery.due()) await recoverLost(this.#claims);
    let planned = 0;
    for (let round = 0; round < CLAIM_ROUNDS && this.#phase === 'running'; round++) {
      const claimed = await claimDue(this.#claims);
      planned = claimed.planned;
      this.#claimedNext = claimed.nextDueAt;
      if (planned < CLAIM_LIMIT) break;
    }
    return planned === 0;
  }

  /** Registers the instance and listens to peers; a step that fails is tried again at the next wake. */
  async #setup(): Promise<void> {
    await this.#register();
    if (this.options.execute && this.#unsubscribe === null) this.#unsubscribe = await this.store.subscribe((event) => this.#onEvent(event));
    await this.dbClock.measure();
    this.#ready = true;
    this.#upkeep.start();
  }

  /** Writes this process's instance row (again: an upsert by id). */
  async #register(): Promise<void> {
    const { queues, execute } = this.options;
    await this.store.registerInstance({ id: this.instanceId, hostname: hostname(), pid: process.pid, queues, handlers: this.#host.handlers.names(), execute });
    this.#registered = true;
  }

  #onEvent(event: StoreEvent): void {
    if (this.#phase !== 'running') return;
    if (event.type === 'changed') {
      if (event.nextRunAt !== null) this.#sooner(event.nextRunAt);
    } else if (event.type === 'run-requested') this.wake();
  }

  /** A schedule's next slot became `at` (store time): re-arm at once if that is sooner. */
  #sooner(at: number): void {
    if (this.#phase !== 'running' || !this.options.execute) return;
    // A wake under way may have read nextDueAt before this write: it arms for the hint too.
    if (this.#wakeTimer.armed) {
      const armedAt = this.#wakeTimer.armedAt;
      if (armedAt === null || at < armedAt) this.#wakeTimer.armFor(at);
    } else if (this.#cycle) this.#hint = this.#hint === null ? at : Math.min(this.#hint, at);
    else this.#wakeTimer.armFor(at);
  }

  async #arm(busy: boolean): Promise<void> {
    if (!this.options.execute) return;
    if (this.#failures > 0) {
      this.#wakeTimer.armIn(Math.min(MAX_BACKOFF_MS, 500 * 2 ** (this.#failures - 1)), null);
      return;
    }
    let due: number | null | undefined = this.#claimedNext;
    this.#claimedNext = undefined;
    try {
      if (due === undefined) due = await this.store.nextDueAt(this.options.queues);
    } catch (error) {
      this.#failures++;
      this.#host.report(error);
      this.#wakeTimer.armIn(500, null);
      return;
    }
    if (this.#phase !== 'running' || this.#again) return;
    if (this.#hint !== null) due = due === null ? this.#hint : Math.min(due, this.#hint);
    this.#hint = null;
    if (due !== null && busy && due <= this.dbClock.now()) this.#wakeTimer.armIn(BUSY_RETRY_MS, due);
    else this.#wakeTimer.armFor(due);
  }

  #launch(run: ClaimedRun, announceNext: boolean): void {
    let task: Task;
    try {
      task = this.taskFor(run.schedule);
    } catch (error) {
      this.#host.report(error);
      return;
    }
    const held = this.#leases.hold(run);
    const done: Promise<void> = executeRun(this.#runHost, held, task, announceNext)
      .catch((error: unknown) => this.#host.report(error, task))
      .finally(() => {
        this.#leases.release(held);
        this.#active.delete(done);
      });
    this.#active.add(done);
  }

  /** Runs `call`, reporting instead of throwing (a store gone away must not stop a stop()). */
  async #attempt(call: () => Promise<unknown>): Promise<void> {
    try {
      await call();
    } catch (error) {
      this.#host.report(error);
    }
  }
}
