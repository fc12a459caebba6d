/**
 * What a host sends its proxy, gathered and posted as one message per turn of the host's
 * event loop. A postMessage has a fixed cost well above that of cloning one small event,
 * and it is paid in the host's thread, on the path of its dispatch: at 20,000 runs a second
 * it took half that thread's time when every event crossed alone.
 *
 * Each batch ends with the state of every task its events touched, read when the batch is
 * posted: after each batch the proxy's record is as current as the host. After, not before
 * the events: a one-shot that started has left the host's registry by then, and its null
 * state must find the run in flight already recorded (a run lost with the host is retried).
 * A reply closes its batch at once, so the caller's continuation runs before later events
 * arrive, as when every message crossed alone.
 */
import type { HostMessage, StateNote } from './protocol.js';

export class Outbox {
  #messages: HostMessage[] = [];
  /** By task, not name: an object's identity hash is cheaper than a string's. */
  #touched = new Set<{ readonly name: string }>();
  #queued = false;
  readonly #flush = (): void => this.flush();

  constructor(
    private readonly post: (batch: HostMessage[]) => void,
    /** A task's state as the host has it now. */
    private readonly stateOf: (name: string) => StateNote,
  ) {}

  /** Sends the task's state with the next batch. */
  touch(task: { readonly name: string }): void {
    this.#touched.add(task);
    this.#queue();
  }

  /** An event or note, posted with the rest of this turn's. */
  add(message: HostMessage): void {
    this.#messages.push(message);
    this.#queue();
  }

  /** A reply, posted now with everything before it. */
  reply(message: HostMessage): void {
    this.#messages.push(message);
    this.flush();
  }

  /** Posts what is pending, then the touched tasks' states. */
  flush(): void {
    this.#queued = false;
    if (this.#messages.length === 0 && this.#touched.size === 0) return;
    const batch = this.#messages;
    for (const task of this.#touched) batch.push(this.stateOf(task.name));
    this.#touched.clear();
    this.#messages = [];
    this.post(batch);
  }

  /**
   * A microtask, not setImmediate: a run's action starts no earlier than a microtask after
   * its `start` event (module actions are imported behind an await), so the event has been
   * posted before an action that kills its host can run.
   */
  #queue(): void {
    if (this.#queued) return;
    this.#queued = true;
    queueMicrotask(this.#flush);
  }
}
