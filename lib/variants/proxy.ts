/**
 * The proxy half of ThreadedScheduler/ForkedScheduler: the same methods as Scheduler, each a
 * request over the protocol returning a Promise. It keeps a copy of its tasks' definitions and
 * state (mirror.ts), so a host that dies, or that stop() ended, is replaced by one holding the
 * same tasks, counts, pauses and slots; restarts after a crash back off exponentially.
 */
import createDebug from 'debug';
import { invalidType } from '../errors.js';
import { SchedulerCrashError } from '../errors.js';
import { resolveModuleUrl } from '../internal/module-ref.js';
import { normalizePoolOptions } from '../execution/pool-options.js';
import { consoleLogger, guardLogger } from '../internal/logger.js';
import { systemClock } from '../internal/clock.js';
import { Emitter } from '../scheduler/emitter.js';
import { isModuleReference } from '../tasks/options.js';
import type { Logger, TaskInfo } from '../types.js';
import { Requests } from './channel.js';
import type { Call, Channel, ChannelHandlers } from './channel.js';
import { TaskMirror } from './mirror.js';
import type { HostOptions, Placement, ProxyEvents, TaskType } from './protocol.js';
import { receive, reviveInfo } from './inbox.js';
import { REMOTE_EVENTS } from './protocol.js';
import { ProxyBase } from './proxy-base.js';
import { normalizeVariantOptions } from './variant-options.js';
import type { NormalizedVariantOptions, VariantOptions } from './variant-options.js';
import { toInstant } from '../internal/instant.js';

export type { VariantOptions };

const debug = createDebug('kronos:variant');
/** How long a new host may take to answer its first request. */
const STARTUP_TIMEOUT_MS = 60_000;
/** A host that stays up this long has recovered: the restart back-off starts over. */
const STABLE_MS = 60_000;

export abstract class SchedulerProxy extends ProxyBase {
  readonly #events: Emitter<ProxyEvents>;
  readonly #logger: Logger;
  readonly #options: NormalizedVariantOptions;
  readonly #mirror = new TaskMirror();
  #channel: Channel | null = null;
  #requests: Requests | null = null;
  #ready: Promise<void> | null = null;
  #started = false;
  #stopping: Promise<void> | null = null;
  /** Set when the host died with `restart: false`: calls reject with it until start(). */
  #crash: SchedulerCrashError | null = null;
  #restartTimer: unknown = null;
  #restarts = 0;
  /** When (system monotonic) the current host was up and restored (-1: not yet); a host up for STABLE_MS resets the back-off. */
  #stableSince = -1;
  /** The listened events last told to the current host (joined), null: not told yet. */
  #told: string | null = null;

  protected get events(): Emitter<ProxyEvents> { return this.#events; }

  constructor(options: VariantOptions = {}) {
    super();
    this.#options = normalizeVariantOptions(options);
    const logger = options.logger ?? consoleLogger;
    this.#logger = guardLogger(logger);
    this.#events = new Emitter<ProxyEvents>(() => logger);
  }

  /** Starts the host thread or process. */
  protected abstract open(handlers: ChannelHandlers): Channel;
  protected abstract readonly where: 'thread' | 'process';

  protected listenersChanged(): void {
    const channel = this.#channel;
    if (!channel) return; // the next host is told when it opens
    const events = REMOTE_EVENTS.filter((event) => this.#events.listenerCount(event) > 0);
    const told = events.join();
    if (told === this.#told) return;
    this.#told = told;
    channel.send({ op: 'listen', events });
  }

  /** The host's process id while a ForkedScheduler host is up. */
  get pid(): number | undefined {
    return this.#channel?.pid;
  }

  protected async addRemote(type: TaskType, options: object, place?: Placement): Promise<TaskInfo> {
    if (typeof options !== 'object' || options === null) throw invalidType('options', 'an options object', options);
    // The host's pools would refuse these only at its first off-thread run: refuse them here.
    normalizePoolOptions(options);
    const action = (options as { action?: unknown }).action;
    if (!isModuleReference(action)) {
      throw invalidType('action', 'a module reference `{ module, export }` (tasks of a ThreadedScheduler or ForkedScheduler run in its host)', action);
    }
    // Resolve relative paths here, in the caller's working directory, and send plain data.
    const plain = { ...options, action: { ...action, module: resolveModuleUrl(action.module) } } as Record<string, unknown>;
    try {
      structuredClone(plain);
    } catch (error) {
      throw new TypeError(`Task options must be structured-cloneable to reach the scheduler ${this.where}: ${(error as Error).message}`);
    }
    const call: Call = place === undefined ? { op: 'add', type, options: plain } : { op: 'add', type, options: plain, place };
    const info = reviveInfo((await this.#call(call)) as TaskInfo);
    this.#mirror.added(type, plain, info, this.#started || (place !== undefined && 'at' in place));
    return info;
  }

  async cancel(taskOrName: string | { name: string }): Promise<boolean> {
    const name = typeof taskOrName === 'object' && taskOrName !== null ? taskOrName.name : taskOrName;
    if (typeof name !== 'string') throw invalidType('task', 'a task name or `{ name }`', taskOrName);
    // Forgotten first: a host that dies now must not bring it back.
    const known = this.#mirror.delete(name);
    const done = (await this.#call({ op: 'cancel', name })) as boolean;
    return known || done;
  }

  async pause(name?: string): Promise<void> {
    this.#mirror.update(((await this.#call(name === undefined ? { op: 'pause' } : { op: 'pause', name })) as TaskInfo[]).map(reviveInfo));
  }

  async resume(name?: string): Promise<void> {
    this.#mirror.update(((await this.#call(name === undefined ? { op: 'resume' } : { op: 'resume', name })) as TaskInfo[]).map(reviveInfo));
  }

  async tasks(): Promise<TaskInfo[]> {
    return ((await this.#call({ op: 'tasks' })) as TaskInfo[]).map(reviveInfo);
  }

  async getTask(name: string): Promise<TaskInfo | undefined> {
    const info = (await this.#call({ op: 'getTask', name })) as TaskInfo | null;
    return info === null ? undefined : reviveInfo(info);
  }

  async nextRunsBetween(name: string, from: Date | number, to: Date | number, limit?: number): Promise<Date[]> {
    const range = { from: toInstant(from, 'from'), to: toInstant(to, 'to') };
    return (await this.#call(limit === undefined ? { op: 'nextRunsBetween', name, ...range } : { op: 'nextRunsBetween', name, ...range, limit })) as Date[];
  }

  runNow(name: string, options: { delay?: number } = {}): Promise<Date> {
    return this.#call(options.delay === undefined ? { op: 'runNow', name } : { op: 'runNow', name, delay: options.delay }) as Promise<Date>;
  }

  /** Starts the hosted scheduler: a new host (with every task kept) if stop() or a crash ended the last. */
  async start(): Promise<void> {
    if (this.#stopping) await this.#stopping;
    this.#crash = null;
    this.#started = true;
    this.#refresh();
    await this.#call({ op: 'start' });
  }

  /**
   * Stops the hosted scheduler (running runs drain up to `timeout`, default 30 000 ms), then
   * ends the host; the tasks are kept for the next start(). A host that does not answer
   * within `timeout` plus `stopGrace` is terminated, then killed.
   */
  stop(options: { timeout?: number } = {}): Promise<void> {
    const timeout = options.timeout ?? 30_000;
    if (typeof timeout !== 'number' || Number.isNaN(timeout) || timeout < 0) return Promise.reject(invalidType('timeout', 'a number of ms ≥ 0', timeout));
    if (this.#stopping) return this.#stopping;
    this.#started = false;
    if (this.#restartTimer !== null) systemClock.clearTimeout(this.#restartTimer);
    this.#restartTimer = null;
    const channel = this.#channel;
    if (!channel) {
      this.#ready = null;
      return Promise.resolve();
    }
    this.#stopping = this.#stop(channel, timeout).finally(() => (this.#stopping = null));
    return this.#stopping;
  }

  async #stop(channel: Channel, timeout: number): Promise<void> {
    let answered = false;
    try {
      const call: Call = { op: 'stop', timeout };
      await this.#send(channel, call, Math.min(timeout + this.#options.stopGrace, 2 ** 31 - 1));
      answered = true;
    } catch (error) {
      debug('stop: %s', (error as Error).message);
    }
    if (this.#channel === channel) {
      this.#channel = null;
      this.#ready = null;
    }
    await channel.close(!answered, this.#options.stopGrace);
  }

  async #call(call: Call): Promise<unknown> {
    if (this.#stopping) await this.#stopping;
    if (this.#crash) throw this.#crash;
    await (this.#ready ??= this.#openHost());
    const channel = this.#channel;
    if (!channel) throw this.#crash ?? new SchedulerCrashError(this.where, null, null);
    return this.#send(channel, call, this.#options.requestTimeout);
  }

  #send(channel: Channel, call: Call, timeoutMs: number): Promise<unknown> {
    const requests = this.#requests;
    if (!requests || channel !== this.#channel) return Promise.reject(new SchedulerCrashError(this.where, null, null));
    return requests.send(channel, call, timeoutMs);
  }

  /** Opens a host and gives it every task the proxy holds (not started: the caller decides). */
  async #openHost(): Promise<void> {
    const requests = new Requests(this.where, () => this.#refresh());
    const channel = this.open({
      message: (batch) => receive(batch, requests, this.#mirror, this.events, (payload) => this.#error(payload)),
      exit: (code, signal) => this.#onExit(channel, requests, code, signal),
    });
    this.#channel = channel;
    this.#requests = requests;
    this.#stableSince = -1;
    this.#told = null;
    const host: HostOptions = {};
    if (this.#options.maxWorkers !== undefined) host.maxWorkers = this.#options.maxWorkers;
    if (this.#options.workerOptions !== undefined) host.workerOptions = { ...this.#options.workerOptions };
    // Starting a host (Node, and tsx under the sources) takes far longer than answering a call.
    const init = this.#send(channel, { op: 'init', options: host }, Math.max(this.#options.requestTimeout, STARTUP_TIMEOUT_MS));
    this.listenersChanged(); // posted right behind init
    await init;
    for (const { name, ...task } of this.#mirror.restoreList()) {
      try {
        const info = (await this.#send(channel, { op: 'add', type: task.type, options: { ...task.options, replace: true }, restore: task.restore }, this.#options.requestTimeout)) as TaskInfo | null;
        this.#mirror.restored(name, info && reviveInfo(info));
      } catch (error) {
        if (channel !== this.#channel) throw error;
        this.#error({ task: { name }, error });
      }
    }
    if (this.#started) await this.#send(channel, { op: 'start' }, this.#options.requestTimeout);
    this.#stableSince = systemClock.monotonic();
  }

  /** Emits `error`; one nobody listens to goes to the logger, as Scheduler's do. */
  #error(payload: ProxyEvents['error']): void {
    if (this.#events.emit('error', payload)) return;
    this.#logger.error(payload.task ? `Task "${payload.task.name}" failed` : 'Scheduler error', payload.error);
  }

  #onExit(channel: Channel, requests: Requests, exitCode: number | null, signal: string | null): void {
    const error = new SchedulerCrashError(this.where, exitCode, signal);
    requests.rejectAll(error);
    if (channel !== this.#channel) return; // stopped, or already replaced
    this.#channel = null;
    this.#requests = null;
    this.#ready = null;
    this.#error({ error });
    for (const lost of this.#mirror.died({ where: this.where, exitCode, signal }, this.#options.maxAttempts)) {
      this.#error({ task: { name: lost.name }, run: lost.run, error: lost.error });
    }
    if (this.#options.restart === false) {
      this.#crash = error;
      return;
    }
    if (!this.#started) return; // the next call opens a host with the tasks
    this.#scheduleRestart(error);
  }

  #scheduleRestart(error: SchedulerCrashError): void {
    const { restartDelay, maxRestartDelay } = this.#options;
    if (this.#stableSince >= 0 && systemClock.monotonic() - this.#stableSince >= STABLE_MS) this.#restarts = 0;
    const attempt = ++this.#restarts;
    const delayMs = Math.min(maxRestartDelay, restartDelay * 2 ** Math.min(attempt - 1, 30));
    debug('host %s died (%s); restart %d in %d ms with %d tasks', this.where, error.message, attempt, delayMs, this.#mirror.size);
    const ready: Promise<void> = new Promise<void>((resolve) => (this.#restartTimer = systemClock.setTimeout(resolve, delayMs))).then(() => {
      this.#restartTimer = null;
      if (this.#ready !== ready) return undefined;
      return this.#openHost();
    });
    // Set before the event: a listener's call must wait for this restart, not open a host of its own.
    this.#ready = ready;
    ready.catch((restartError: unknown) => {
      if (this.#ready === ready && !(restartError instanceof SchedulerCrashError)) this.#error({ error: restartError });
    });
    this.events.emit('restart', { error, attempt, delayMs });
  }

  /** A host keeps the process alive only while started or while a call waits for it. */
  #refresh(): void {
    const channel = this.#channel;
    if (!channel) return;
    if (this.#started || (this.#requests?.size ?? 0) > 0) channel.ref();
    else channel.unref();
  }
}
