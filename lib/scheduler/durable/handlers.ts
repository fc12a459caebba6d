/**
 * Handlers `define`d in this process: what a task's string action names. A durable schedule
 * stores only the name (closures cannot be stored), so every process that runs it defines it.
 */
import { DuplicateHandlerError, HandlerNotFoundError, invalidType, isClass } from '../../errors.js';
import type { ActionFunction } from '../../types.js';

export type Handler = ActionFunction;

export class HandlerRegistry {
  readonly #byName = new Map<string, Handler>();
  /** Told of every newly defined name (the durable engine re-registers its instance's handlers). */
  onDefine: ((name: string) => void) | null = null;

  /** Registers `handler` under `name`; the same pair again is a no-op, another function throws. */
  define(name: string, handler: Handler): void {
    if (typeof name !== 'string' || name.trim().length === 0) throw invalidType('name', 'a non-empty string naming the handler', name);
    if (typeof handler !== 'function' || isClass(handler)) throw invalidType('handler', 'a function (not a class)', handler);
    const known = this.#byName.get(name);
    if (known !== undefined && known !== handler) throw new DuplicateHandlerError(name);
    this.#byName.set(name, handler);
    if (known === undefined) this.onDefine?.(name);
  }

  get(name: string): Handler | undefined {
    return this.#byName.get(name);
  }

  names(): string[] {
    return [...this.#byName.keys()];
  }

  /**
   * For the in-memory path: options whose action is a handler's name, with the handler put in
   * its place (the same object when the action is not a string, so the common case copies nothing).
   */
  resolve<O extends { action?: unknown }>(options: O): O {
    if (typeof options !== 'object' || options === null || typeof options.action !== 'string') return options;
    const handler = this.#byName.get(options.action);
    if (handler === undefined) throw new HandlerNotFoundError(options.action);
    return { ...options, action: handler };
  }
}
