/**
 * The transport seam of the proxies: one live host (thread or process) that takes requests,
 * answers each within a timeout, and can be let go of (unref) while nothing waits on it.
 * Timeouts run on the system clock: they wait for a real thread or process.
 */
import { systemClock } from '../internal/clock.js';
import { HostTimeoutError } from '../errors.js';
import type { HostMessage, Notice, Request } from './protocol.js';

/** A live host: send requests, hear replies and events, learn of its death. */
export interface Channel {
  send(message: Request | Notice): void;
  /**
   * Ends the host and resolves once it has exited. `hard`: it stopped answering, so it is
   * terminated at once (a process: SIGTERM), and killed after `graceMs` if still there.
   */
  close(hard: boolean, graceMs: number): Promise<void>;
  /** Whether the host keeps the caller's process alive. */
  ref(): void;
  unref(): void;
  /** The host process id (ForkedScheduler). */
  readonly pid?: number | undefined;
}

export interface ChannelHandlers {
  /** One batch from the host, its messages in the order they were produced. */
  message(batch: HostMessage[]): void;
  exit(exitCode: number | null, signal: string | null): void;
}

type Distributive<T> = T extends unknown ? Omit<T, 'id'> : never;
export type Call = Distributive<Request>;

interface Pending {
  resolve(value: unknown): void;
  reject(error: unknown): void;
  timer: unknown;
}

/** Requests in flight on one channel, each with its own timeout. */
export class Requests {
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;

  constructor(private readonly where: 'thread' | 'process', private readonly changed: () => void) {}

  get size(): number {
    return this.#pending.size;
  }

  send(channel: Channel, call: Call, timeoutMs: number): Promise<unknown> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = systemClock.setTimeout(() => {
        this.#pending.delete(id);
        this.changed();
        reject(new HostTimeoutError(this.where, call.op, timeoutMs));
      }, timeoutMs);
      this.#pending.set(id, { resolve, reject, timer });
      this.changed();
      channel.send({ ...call, id } as Request);
    });
  }

  reply(id: number, ok: boolean, value: unknown): void {
    const pending = this.#pending.get(id);
    if (!pending) return; // timed out already
    this.#pending.delete(id);
    systemClock.clearTimeout(pending.timer);
    this.changed();
    if (ok) pending.resolve(value);
    else pending.reject(value);
  }

  rejectAll(error: unknown): void {
    const all = [...this.#pending.values()];
    this.#pending.clear();
    for (const pending of all) {
      systemClock.clearTimeout(pending.timer);
      pending.reject(error);
    }
    this.changed();
  }
}
