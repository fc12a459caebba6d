/**
 * Durable-engine test helpers: a MemoryStore that says it is durable (so the Scheduler runs
 * through the engine over it), processes ("nodes") sharing that store and one ManualClock,
 * and a node that can be killed: its timers never fire again and it leaves nothing behind,
 * as a SIGKILLed process.
 */
import { Scheduler } from '../../../lib/scheduler/scheduler.js';
import type { SchedulerOptions } from '../../../lib/scheduler/options.js';
import type { SchedulerEvents } from '../../../lib/scheduler/events.js';
import { MemoryStore } from '../../../lib/store/memory-store.js';
import { ManualClock } from '../../../lib/testing.js';
import type { Clock, Logger } from '../../../lib/types.js';

export const T0 = Date.UTC(2027, 0, 4, 12, 0, 0); // a Monday, noon UTC

/** A MemoryStore typed and flagged as durable (its private fields need the methods bound to it). */
export type DurableMemoryStore = Omit<MemoryStore, 'durable'> & { readonly durable: true };

export function durableStore(clock: Clock): DurableMemoryStore {
  const store = new MemoryStore({ clock });
  return new Proxy(store, {
    get(target, key) {
      if (key === 'durable') return true;
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as unknown as DurableMemoryStore;
}

/** A clock whose timers stop firing once `kill()` is called. */
export class KillableClock implements Clock {
  dead = false;
  constructor(readonly base: ManualClock) {}
  now(): number {
    return this.base.now();
  }
  monotonic(): number {
    return this.base.monotonic();
  }
  setTimeout(callback: () => void, ms: number): unknown {
    return this.base.setTimeout(() => {
      if (!this.dead) callback();
    }, ms);
  }
  clearTimeout(handle: unknown): void {
    this.base.clearTimeout(handle);
  }
}

export interface Entry {
  type: keyof SchedulerEvents;
  name?: string;
  at: number;
  payload: unknown;
}

export interface Node {
  scheduler: Scheduler<DurableMemoryStore>;
  events: Entry[];
  logs: Array<{ level: string; message: string; details?: unknown }>;
  of(type: keyof SchedulerEvents): unknown[];
  /** Event types (with task names) in order, e.g. `start:a`; the engine's own `claim` events left out (see `of`). */
  trail(): string[];
  /** Dies without a word: no more timers, no stop(), no removeInstance. */
  kill(): void;
}

const EVENTS: Array<keyof SchedulerEvents> = ['scheduled', 'start', 'success', 'error', 'skip', 'missed', 'cancel', 'stop', 'clockSkew', 'claim', 'lost'];
const live = new Set<Node>();

export function node(store: DurableMemoryStore, clock: ManualClock, options: Omit<SchedulerOptions<DurableMemoryStore>, 'store' | 'clock'> = {}): Node {
  const killable = new KillableClock(clock);
  const logs: Node['logs'] = [];
  const logger: Logger = {
    warn: (message, details) => logs.push({ level: 'warn', message, details }),
    error: (message, details) => logs.push({ level: 'error', message, details }),
  };
  const scheduler = new Scheduler({ logger, ...options, store, clock: killable });
  const events: Entry[] = [];
  for (const type of EVENTS) {
    scheduler.on(type, (payload) => {
      const task = (payload as { task?: { name: string } }).task;
      events.push({ type, name: task?.name, at: clock.now(), payload });
    });
  }
  const n: Node = {
    scheduler, events, logs,
    of: (type) => events.filter((e) => e.type === type).map((e) => e.payload),
    trail: () => events.filter((e) => e.type !== 'claim').map((e) => (e.name ? `${e.type}:${e.name}` : e.type)),
    kill: () => {
      killable.dead = true;
      live.delete(n);
    },
  };
  live.add(n);
  return n;
}

/** Stops every live node (use in `after.each`). */
export async function stopNodes(): Promise<void> {
  for (const n of live) await n.scheduler.stop({ timeout: 0 });
  live.clear();
}

/** A fresh clock and durable store at T0. */
export function world(start = T0): { clock: ManualClock; store: DurableMemoryStore } {
  const clock = new ManualClock(start);
  return { clock, store: durableStore(clock) };
}

/** Asserts that `call` rejects (or throws) with an error matching `expected` (a class or a message pattern). */
export async function rejects(call: () => unknown, expected: RegExp | (new (...args: never[]) => Error)): Promise<void> {
  let caught: unknown;
  try {
    await call();
  } catch (error) {
    caught = error;
  }
  if (caught === undefined) throw new Error(`Expected a rejection matching ${String(expected)}, got none`);
  const ok = expected instanceof RegExp ? expected.test(String((caught as Error)?.message)) : caught instanceof expected;
  if (!ok) throw new Error(`Expected a rejection matching ${String(expected)}, got ${String(caught)}`, { cause: caught });
}
