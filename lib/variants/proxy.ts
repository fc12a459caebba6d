/**
 * The proxy half of ThreadedScheduler/ForkedScheduler: every method is a request over the
 * protocol and returns a Promise. The proxy remembers the tasks it added (names, kinds,
 * options, paused) so that when the host dies it can report `error` and start a new host
 * with the same tasks, unless it was stopped.
 */
import createDebug from 'debug';
import { invalidType } from '../errors.js';
import { SchedulerCrashError } from '../execution/errors.js';
import { isModuleReference } from '../tasks/options.js';
import { resolveModuleUrl } from '../execution/module-ref.js';
import type { PoolOptions } from '../execution/pool-options.js';
import { reviveError } from '../execution/serialize.js';
import { consoleLogger } from '../logger.js';
import { Emitter } from '../scheduler/emitter.js';
import type { Logger, TaskInfo } from '../types.js';
import type { HostMessage, HostOptions, RemoteEvents, Request, TaskKind } from './protocol.js';

const debug = createDebug('kronos:variant');

export interface VariantOptions extends PoolOptions {
  /** Where errors go when nobody listens for `error`. @default stderr */
  logger?: Logger;
  /** Start a new host with the same tasks when it dies. @default true */
  restart?: boolean;
}

/** A live host: send requests, hear replies and events, learn of its death. */
export interface Channel {
  send(request: Request): void;
  /** Ends the host (after a stop); resolves once it has exited. */
  close(): Promise<void>;
}

export interface ChannelHandlers {
  message(message: HostMessage): void;
  exit(exitCode: number | null, signal: string | null): void;
}

type Distributive<T> = T extends unknown ? Omit<T, 'id'> : never;
type Call = Distributive<Request>;

export abstract class SchedulerProxy {
  readonly events: Emitter<RemoteEvents>;
  readonly #options: VariantOptions;
  readonly #tasks = new Map<string, { kind: TaskKind; options: Record<string, unknown>; paused: boolean }>();
  readonly #pending = new Map<number, { resolve(value: unknown): void; reject(error: unknown): void }>();
  #channel: Channel | null = null;
  #ready: Promise<void> | null = null;
  #nextId = 1;
  #started = false;
  #stopping = false;

  constructor(options: VariantOptions = {}) {
    if (typeof options !== 'object' || options === null) throw invalidType('options', 'an options object', options);
    this.#options = options;
    const logger = options.logger ?? consoleLogger;
    this.events = new Emitter<RemoteEvents>(() => logger);
  }

  /** Starts the host thread or process. */
  protected abstract open(handlers: ChannelHandlers): Channel;
  protected abstract readonly where: 'thread' | 'process';

  on<K extends keyof RemoteEvents>(event: K, listener: (payload: RemoteEvents[K]) => void): () => void {
    return this.events.on(event, listener);
  }

  off<K extends keyof RemoteEvents>(event: K, listener: (payload: RemoteEvents[K]) => void): void {
    this.events.off(event, listener);
  }

  addIntervalTask(options: object): Promise<TaskInfo> {
    return this.#add('interval', options);
  }

  addWeekdayTask(options: object): Promise<TaskInfo> {
    return this.#add('weekday', options);
  }

  addMonthdayTask(options: object): Promise<TaskInfo> {
    return this.#add('monthday', options);
  }

  addSingleTask(options: object): Promise<TaskInfo> {
    return this.#add('single', options);
  }

  addCronTask(options: object): Promise<TaskInfo> {
    return this.#add('cron', options);
  }

  async cancel(name: string): Promise<boolean> {
    const done = (await this.#call({ op: 'cancel', name })) as boolean;
    this.#tasks.delete(name);
    return done;
  }

  async pause(name?: string): Promise<void> {
    await this.#call(name === undefined ? { op: 'pause' } : { op: 'pause', name });
    for (const [key, task] of this.#tasks) if (name === undefined || key === name) task.paused = true;
  }

  async resume(name?: string): Promise<void> {
    await this.#call(name === undefined ? { op: 'resume' } : { op: 'resume', name });
    for (const [key, task] of this.#tasks) if (name === undefined || key === name) task.paused = false;
  }

  tasks(): Promise<TaskInfo[]> {
    return this.#call({ op: 'tasks' }) as Promise<TaskInfo[]>;
  }

  runNow(name: string, options: { delay?: number } = {}): Promise<Date> {
    return this.#call(options.delay === undefined ? { op: 'runNow', name } : { op: 'runNow', name, delay: options.delay }) as Promise<Date>;
  }

  async start(): Promise<void> {
    this.#started = true;
    this.#stopping = false;
    await this.#call({ op: 'start' });
  }

  /** Stops the hosted scheduler (running runs drain up to `timeout`), then ends the host. */
  async stop(options: { timeout?: number } = {}): Promise<void> {
    this.#started = false;
    const channel = this.#channel;
    if (!channel) return;
    this.#stopping = true;
    try {
      await this.#call(options.timeout === undefined ? { op: 'stop' } : { op: 'stop', timeout: options.timeout });
    } finally {
      this.#channel = null;
      this.#ready = null;
      await channel.close();
    }
  }

  async #add(kind: TaskKind, options: object): Promise<TaskInfo> {
    if (typeof options !== 'object' || options === null) throw invalidType('options', 'an options object', options);
    const action = (options as { action?: unknown }).action;
    if (!isModuleReference(action)) {
      throw new TypeError('Tasks of a ThreadedScheduler or ForkedScheduler must name their action by module: `{ module, export }`');
    }
    // Resolve relative paths here, in the caller's working directory, and send plain data.
    const plain = { ...options, action: { ...action, module: resolveModuleUrl(action.module) } } as Record<string, unknown>;
    try {
      structuredClone(plain);
    } catch (error) {
      throw new TypeError(`Task options must be structured-cloneable to reach the scheduler ${this.where}: ${(error as Error).message}`);
    }
    const info = (await this.#call({ op: 'add', kind, options: plain })) as TaskInfo;
    this.#tasks.set(info.name, { kind, options: { ...plain, name: info.name }, paused: (options as { enabled?: boolean }).enabled === false });
    return info;
  }

  async #call(call: Call): Promise<unknown> {
    await this.#ensureHost();
    return this.#send(call);
  }

  #send(call: Call): Promise<unknown> {
    const channel = this.#channel;
    if (!channel) return Promise.reject(new Error('the scheduler host is not running'));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      channel.send({ ...call, id } as Request);
    });
  }

  #ensureHost(): Promise<void> {
    if (this.#ready) return this.#ready;
    this.#channel = this.open({ message: (message) => this.#onMessage(message), exit: (code, signal) => this.#onExit(channel, code, signal) });
    const channel = this.#channel;
    const host: HostOptions = {};
    if (this.#options.maxWorkers !== undefined) host.maxWorkers = this.#options.maxWorkers;
    if (this.#options.workerOptions !== undefined) host.workerOptions = { ...this.#options.workerOptions };
    this.#ready = this.#send({ op: 'init', options: host }).then(() => undefined);
    return this.#ready;
  }

  #onMessage(message: HostMessage): void {
    if (message.type === 'reply') {
      const pending = this.#pending.get(message.id);
      this.#pending.delete(message.id);
      if (message.ok) pending?.resolve(message.value);
      else pending?.reject(reviveError(message.error));
    } else if (message.type === 'event') {
      const payload = message.payload as { error?: unknown };
      if (message.event === 'error') payload.error = reviveError(payload.error);
      this.events.emit(message.event, payload as never);
    } else {
      this.#tasks.delete(message.name);
    }
  }

  #onExit(channel: Channel, exitCode: number | null, signal: string | null): void {
    if (channel !== this.#channel) return; // an old host, already replaced or stopped
    const error = new SchedulerCrashError(this.where, exitCode, signal);
    this.#channel = null;
    this.#ready = null;
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
    if (this.#stopping) return;
    this.events.emit('error', { error });
    if (this.#options.restart === false) return;
    debug('host %s died (%s); restarting with %d tasks', this.where, error.message, this.#tasks.size);
    void this.#restore().catch((restoreError: unknown) => this.events.emit('error', { error: restoreError }));
  }

  async #restore(): Promise<void> {
    for (const [name, task] of this.#tasks) {
      await this.#call({ op: 'add', kind: task.kind, options: { ...task.options, replace: true } });
      if (task.paused) await this.#call({ op: 'pause', name });
    }
    if (this.#started) await this.#call({ op: 'start' });
  }
}
