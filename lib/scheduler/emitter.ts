import createDebug from 'debug';
import { guardLogger } from '../internal/logger.js';
import type { Task } from '../tasks/task.js';
import type { Logger } from '../types.js';
import type { RunInfo, SchedulerEvents } from './events.js';

const debug = createDebug('kronos:events');

type Listener<T> = (payload: T) => void;

/**
 * A small typed emitter. Unlike Node's EventEmitter, a throwing listener is caught and
 * logged through a guarded logger (it must not break the dispatch loop, whatever it threw),
 * and an `error` nobody hears is logged rather than thrown.
 */
export class Emitter<Events extends object> {
  readonly #listeners = new Map<keyof Events, Listener<never>[]>();
  /**
   * Listeners per event, kept as plain properties: a run's path checks it with a property
   * read (`if (events.listening.start)`) where a call would cost a function entry per run.
   */
  // A plain object, not Object.create(null): V8 keeps it in fast mode, so each read is an inline-cache hit (no event is named like an Object.prototype member).
  readonly listening: { [K in keyof Events]?: number } = {};

  constructor(private readonly logger: () => Logger) {}

  /** Adds a listener; returns a function that removes it. */
  on<K extends keyof Events>(event: K, listener: Listener<Events[K]>): () => void {
    const list = this.#listeners.get(event) ?? [];
    list.push(listener as Listener<never>);
    this.#listeners.set(event, list);
    this.listening[event] = list.length;
    return () => this.off(event, listener);
  }

  once<K extends keyof Events>(event: K, listener: Listener<Events[K]>): () => void {
    const off = this.on(event, (payload) => {
      off();
      listener(payload);
    });
    return off;
  }

  off<K extends keyof Events>(event: K, listener: Listener<Events[K]>): void {
    const list = this.#listeners.get(event);
    if (!list) return;
    const index = list.indexOf(listener as Listener<never>);
    if (index >= 0) list.splice(index, 1);
    this.listening[event] = list.length;
  }

  listenerCount(event: keyof Events): number {
    return this.#listeners.get(event)?.length ?? 0;
  }

  /** Returns whether anybody was listening. */
  emit<K extends keyof Events>(event: K, payload: Events[K]): boolean {
    const list = this.#listeners.get(event);
    if (!list || list.length === 0) return false;
    debug('%s', event);
    for (const listener of [...list]) {
      try {
        (listener as Listener<Events[K]>)(payload);
      } catch (error) {
        guardLogger(this.logger()).error(`A listener for "${String(event)}" threw; the scheduler carries on`, error);
      }
    }
    return true;
  }
}

/** Emits `error`, or logs it when nobody listens; never throws. */
export function reportError(events: Emitter<SchedulerEvents>, logger: Logger, error: unknown, task?: Task, run?: RunInfo): void {
  const payload: SchedulerEvents['error'] = { error };
  if (task) payload.task = task;
  if (run) payload.run = run;
  if (!events.emit('error', payload)) logger.error(task ? `Task "${task.name}" failed` : 'Scheduler error', error);
}
