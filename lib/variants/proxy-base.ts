/**
 * The typed surface the proxies share with Scheduler (DESIGN §6): `add*Task`, `add`,
 * `scheduleTask`, `scheduleTaskAbs` and the event methods, each taking Scheduler's own
 * option types narrowed to what can cross (remote-types.ts). Everything that talks to the
 * host lives in proxy.ts.
 */
import { invalidType } from '../errors.js';
import { resolveModuleUrl } from '../internal/module-ref.js';
import type { Emitter } from '../scheduler/emitter.js';
import { isModuleReference } from '../tasks/options.js';
import type { TaskInfo } from '../types.js';
import type { Placement, ProxyEvents, TaskType } from './protocol.js';
import { toInstant } from '../internal/instant.js';
import type {
  RemoteCronTaskOptions,
  RemoteIntervalTaskOptions,
  RemoteMonthdayTaskOptions,
  RemoteSingleTaskOptions,
  RemoteWeekdayTaskOptions,
  TaskReference,
} from './remote-types.js';

export abstract class ProxyBase {
  /** Not public: only the proxy emits its events; callers listen with on/once/off. */
  protected abstract get events(): Emitter<ProxyEvents>;

  protected abstract addRemote(type: TaskType, options: object, place?: Placement): Promise<TaskInfo>;

  /** The set of events with listeners may have changed (the host forwards only those). */
  protected abstract listenersChanged(): void;

  on<K extends keyof ProxyEvents>(event: K, listener: (payload: ProxyEvents[K]) => void): () => void {
    this.events.on(event, listener);
    this.listenersChanged();
    return () => this.off(event, listener);
  }

  once<K extends keyof ProxyEvents>(event: K, listener: (payload: ProxyEvents[K]) => void): () => void {
    // Through this.on, not the emitter's once: its removal must reach listenersChanged too.
    const off = this.on(event, (payload) => {
      off();
      listener(payload);
    });
    return off;
  }

  off<K extends keyof ProxyEvents>(event: K, listener: (payload: ProxyEvents[K]) => void): void {
    this.events.off(event, listener);
    this.listenersChanged();
  }

  addIntervalTask(options: RemoteIntervalTaskOptions): Promise<TaskInfo> {
    return this.addRemote('interval', options);
  }

  addWeekdayTask(options: RemoteWeekdayTaskOptions): Promise<TaskInfo> {
    return this.addRemote('weekday', options);
  }

  addMonthdayTask(options: RemoteMonthdayTaskOptions): Promise<TaskInfo> {
    return this.addRemote('monthday', options);
  }

  addSingleTask(options: RemoteSingleTaskOptions): Promise<TaskInfo> {
    return this.addRemote('single', options);
  }

  addCronTask(options: RemoteCronTaskOptions): Promise<TaskInfo> {
    return this.addRemote('cron', options);
  }

  /** Adds a Task subclass, built in the host from its class's module and the options given. */
  async add(task: TaskReference): Promise<TaskInfo> {
    return this.addRemote(classOf(task), optionsOf(task));
  }

  /** Adds a Task subclass whose first run is `delay` ms from now (before start(): from start()). */
  async scheduleTask(task: TaskReference, delay: number): Promise<TaskInfo> {
    if (typeof delay !== 'number' || !Number.isFinite(delay) || delay < 0) throw invalidType('delay', 'a number of ms ≥ 0', delay);
    return this.addRemote(classOf(task), optionsOf(task), { delay });
  }

  /** Adds a Task subclass whose first run is at `at`. */
  async scheduleTaskAbs(task: TaskReference, at: Date | number): Promise<TaskInfo> {
    return this.addRemote(classOf(task), optionsOf(task), { at: toInstant(at, 'at') });
  }
}

function classOf(task: TaskReference): TaskType {
  if (typeof task !== 'object' || task === null || !isModuleReference(task.class)) {
    throw invalidType('task', 'a Task class named by module: `{ class: { module, export }, options }`', task);
  }
  return { module: resolveModuleUrl(task.class.module), export: task.class.export ?? 'default' };
}

function optionsOf(task: TaskReference): object {
  return task.options;
}
