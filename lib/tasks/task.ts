/**
 * The abstract Task: an action plus the rule for its next run.
 *
 * Contract: `nextRun(after)` is pure and returns an instant strictly after `after`, or
 * `null` when the task is finished. Subclasses override `nextRun` (Date API) or the faster
 * `nextRunAt` (epoch ms); the scheduler calls whichever the subclass defined.
 */
import { invalidType } from '../errors.js';
import { badNextRun, nextRunThrew } from './next-slot.js';
import { checkCloneable, exportNameOf, loadExport, resolveModuleUrl } from '../internal/module-ref.js';
import type { Action, ActionFunction, ModuleReference, RunContext } from '../types.js';
import { HAS_LIMITS, HAS_POLICY, TASK_SOURCES, isDefaultPolicy, checkAction, checkName, checkInteger, checkOneOf, checkPriority, limitRule, normalizePolicy, scanOptionKeys } from './options.js';
import type { TaskOptions, TaskPolicy } from './options.js';
import type { LimitedRule } from '../time/rules/limits.js';
import { lateSlots, slotAfter } from './slots.js';
import { MAX_INSTANT_MS, toInstant } from '../internal/instant.js';
import type { CustomTaskOptions, ExecuteResult } from './task-action.js';
import { NO_ARGS, plainConfig } from './task-config.js';
import type { TaskConfig } from './task-config.js';
import type { LastRun, TaskLink } from './task-contract.js';

export type { CustomTaskOptions, ExecuteResult, LastRun, TaskLink };

/** The scheduler surface `reschedule` may use (Kronos' `schedule_task` / `schedule_task_abs`). */
export interface ReschedulingScheduler {
  scheduleTask(task: Task, delay: number): void;
  scheduleTaskAbs(task: Task, at: Date | number): void;
}

let counter = 0;
const NO_KEYS: readonly string[] = [];

/** The number n of a `task-<n>` name (the name an unnamed task gets), else the name itself. */
export function nameKey(name: string): string | number {
  // Most names are not `task-<n>`: a first-character check spares them the regular expression.
  if (name.charCodeAt(0) !== 116 /* t */) return name;
  const match = /^task-([1-9]\d{0,14})$/.exec(name);
  return match ? Number(match[1]) : name;
}

let linkOf: (task: Task) => TaskLink | null;
let setLinkOf: (task: Task, link: TaskLink | null) => void;

/** Not public API: the scheduler record a task is linked to (see scheduler/task-record.ts). */
export function taskLink(task: Task): TaskLink | null {
  return linkOf(task);
}

/** Not public API: links `task` to its scheduler record (a task belongs to one scheduler at a time). */
export function linkTask(task: Task, link: TaskLink | null): void {
  setLinkOf(task, link);
}

export abstract class Task {
  /**
   * The name given, or for an unnamed task its number: it is called `task-<n>`, and a
   * million of them cost no name strings until a name is read.
   */
  readonly key: string | number;
  readonly action: Action;
  /**
   * The policies and the options most tasks leave out, in one object, shared by every task that
   * sets none of them (a task object is a few fields: a million tasks stay small).
   * @internal read on a run's path as a property (a getter call costs a function entry per run)
   */
  readonly config: TaskConfig;
  /**
   * The only runtime link a Task holds, and not part of its definition: the record of what
   * its scheduler knows about it (state, counts, heap position), which the scheduler owns.
   */
  #link: TaskLink | null = null;

  static {
    Object.defineProperty(Task.prototype, 'elapsed', { value: false, writable: false, enumerable: false, configurable: true });
    linkOf = (task) => task.#link;
    setLinkOf = (task, link) => {
      task.#link = link;
    };
  }

  constructor(options: CustomTaskOptions, extraKeys: readonly string[] = NO_KEYS) {
    if (typeof options !== 'object' || options === null) {
      throw invalidType('options', `an options object for ${new.target.name}`, options);
    }
    const found = scanOptionKeys(options, extraKeys, new.target.name);
    // A subclass that overrides execute() is its own action: it runs in this thread.
    const ownExecute = options.action === undefined && this.execute !== Task.prototype.execute;
    this.action = ownExecute ? () => this.execute() : checkAction(options.action);
    const name = checkName(options.name);
    this.key = name === undefined ? ++counter : name;
    // An explicit `task-<n>` moves the counter past n, so later unnamed tasks never collide with it.
    const numbered = name === undefined ? undefined : nameKey(name);
    if (typeof numbered === 'number' && numbered > counter) counter = numbered;
    if (options.args !== undefined && !Array.isArray(options.args)) throw invalidType('args', 'an array', options.args);
    if (options.kw !== undefined && (typeof options.kw !== 'object' || options.kw === null || Array.isArray(options.kw))) {
      throw invalidType('kw', 'a plain object', options.kw);
    }
    const priority = options.priority === undefined ? 0 : checkPriority(options.priority);
    const policy = normalizePolicy(options as TaskOptions, this.action, (found & HAS_POLICY) !== 0);
    const limited = found & HAS_LIMITS ? limitRule(options, (after) => this.ruleNext(after), this.elapsed) : undefined;
    const moduleUrl = typeof this.action === 'function' ? undefined : resolveModuleUrl(this.action.module);
    const source = options.source === undefined ? undefined : checkOneOf(options.source, 'source', TASK_SOURCES, 'api');
    const args = options.args ?? NO_ARGS;
    this.config =
      isDefaultPolicy(policy) && priority === 0 && args === NO_ARGS && options.kw === undefined && limited === undefined && moduleUrl === undefined && source === undefined
        ? plainConfig(policy)
        : { policy, priority, args, kw: options.kw, moduleUrl, limited, source };
    if (this.policy.processMethod === 'threaded' || this.policy.processMethod === 'forked') {
      if (ownExecute) {
        const mode = this.policy.processMethod;
        throw invalidType('action', `a module reference \`{ module, export }\` for processMethod '${mode}' (an execute() override runs in this thread)`, undefined);
      }
      if (typeof this.action === 'function') {
        throw new TypeError(
          `Task "${this.name}": a function cannot run with processMethod '${this.policy.processMethod}'; ` +
            'pass a module reference `{ module, export }`, or use method.concurrent for I/O-bound work',
        );
      }
      checkCloneable(this.args, 'args', this.name);
      checkCloneable(this.kw, 'kw', this.name);
    }
  }


  /** Normalised policies (shared when they are all defaults, to keep a million tasks cheap). */
  get policy(): TaskPolicy {
    return this.config.policy;
  }

  /** Lower runs first among runs due at the same instant. */
  get priority(): number {
    return this.config.priority;
  }

  /** Positional arguments for the action. */
  get args(): readonly unknown[] {
    return this.config.args;
  }

  /** Kronos' keyword arguments, passed as a trailing argument when given. */
  get kw(): Record<string, unknown> | undefined {
    return this.config.kw;
  }

  /** A module-referenced action's module as a `file:` URL, resolved when the task was built. */
  get moduleUrl(): string | undefined {
    return this.config.moduleUrl;
  }

  /** Limits and extra dates, or undefined when the task has none. */
  /** The task's rule under its limits (`.limits`, `.zone`); undefined when it has none. */
  get limitedRule(): LimitedRule | undefined {
    return this.config.limited;
  }

  /** Unique per scheduler; `task-<n>` when none was given. */
  get name(): string {
    const key = this.key;
    return typeof key === 'number' ? `task-${key}` : key;
  }

  get processMethod(): TaskPolicy['processMethod'] {
    return this.policy.processMethod;
  }

  /**
   * Runs the action once. `kw` is appended only when given (Kronos' call shape). Subclasses
   * may override it, synchronously or not (then `action` may be left out): a value or a
   * promise of one is the run's result, a throw or a rejection its failure.
   */
  execute(_context?: RunContext): ExecuteResult {
    const action = this.action;
    if (typeof action !== 'function') {
      return loadExport(this.moduleUrl as string, exportNameOf(action as ModuleReference)).then((fn) => callWith(this.config, fn));
    }
    try {
      return Promise.resolve(callWith(this.config, action));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** The next run strictly after `after`, or null when finished. */
  nextRun(after: Date): Date | null {
    const next = this.nextRunAt(after.getTime());
    return next === null ? null : new Date(next);
  }

  /**
   * Epoch-ms form of {@link nextRun}: the task's own rule, then its limits (`activeWindow`,
   * `dates`, `endDate`...). Subclasses implement the rule in `ruleNext` to keep the limits, or
   * override this (or `nextRun`) to take full control.
   */
  nextRunAt(after: number): number | null {
    const limited = this.config.limited;
    return limited === undefined ? this.ruleNext(after) : limited.next(after);
  }

  /** The task's own rule, before limits: the next instant strictly after `after`, or null. */
  protected ruleNext(_after: number): number | null {
    throw new TypeError(`${this.constructor.name} must override nextRun(after) or nextRunAt(after)`);
  }

  /**
   * Whether slots measure elapsed time (intervals): they move with a backward clock jump. A
   * value on the prototype, not a getter: a run's path reads it without a function call.
   */
  declare readonly elapsed: boolean;

  /**
   * The next `n` runs after `after`, as the scheduler would fire them. Without `after`, after
   * now by the clock of the scheduler the task belongs to; a task in no scheduler needs `after`.
   */
  nextRuns(n: number, after?: Date | number): Date[] {
    checkInteger(n, 'n', 0, 0);
    const out: Date[] = [];
    let cursor: number;
    if (after === undefined) {
      const clock = this.#link?.clock;
      if (!clock) throw invalidType('after', `an instant for nextRuns() of "${this.name}", which belongs to no scheduler`, after);
      cursor = clock.now();
    } else cursor = toInstant(after, 'after');
    for (let i = 0; i < n; i++) {
      const next = nextRunOf(this, cursor);
      if (next === null) break;
      out.push(new Date(next));
      cursor = next;
    }
    return out;
  }

  /**
   * The first slot when the task is added at `now`: `now` itself when the rule has a slot
   * exactly there, else the rule's next run after `now`. Asking only for `nextRun(now - 1)`
   * would put a rule that counts from its argument (`after + delay`) 1 ms early. Interval
   * tasks override this to count `initialDelay`.
   */
  firstRunAt(now: number): number | null {
    const first = nextRunOf(this, now - 1);
    return first === null || first <= now ? first : nextRunOf(this, now);
  }

  /** Where the next slot is counted from after `last`: its slot; for sequential elapsed-time tasks (intervals), its end. */
  protected rescheduleFrom(last: LastRun): number {
    // settle.ts follows the same rule for tasks it reschedules through their rule directly.
    if (this.elapsed && this.policy.processMethod === 'sequential') return last.finishedMs ?? last.finishedAt.getTime();
    return last.scheduledMs ?? last.scheduledAt.getTime();
  }

  /**
   * Kronos' hook, called after each run (at start for concurrent modes). The default
   * schedules `nextRun(last.scheduledAt)`; a result already past goes to the misfire policy.
   * Override it for custom rescheduling; not scheduling anything finishes the task.
   */
  reschedule(scheduler: ReschedulingScheduler, last: LastRun): void {
    const next = nextRunOf(this, this.rescheduleFrom(last));
    if (next !== null) scheduler.scheduleTaskAbs(this, next);
  }

  /** The first slot of this task's sequence (from `anchor`, itself a slot) that is after `t`. */
  slotAfter(anchor: number, t: number): number | null {
    return slotAfter((after) => nextRunOf(this, after), anchor, t);
  }

  /**
   * Late slots from `anchor` (a slot) up to and including `until`: how many (counting stops
   * at `limit`), and the latest one, found exactly even when counting stopped.
   */
  lateSlots(anchor: number, until: number, limit: number): { count: number; last: number; truncated: boolean } {
    return lateSlots((after) => nextRunOf(this, after), anchor, until, limit);
  }
}

/**
 * Kronos' call shape: `action(...args, kw?)` (`kw` only when given). A function, not a private
 * method: a class with private methods gives every instance a brand slot, 8 B per task.
 */
function callWith(config: TaskConfig, fn: ActionFunction): unknown {
  const kw = config.kw;
  return kw === undefined ? fn(...config.args) : fn(...config.args, kw);
}

/**
 * Calls whichever of `nextRun`/`nextRunAt` the task defines and enforces the contract:
 * a throw, an invalid value or one not strictly after `after` is a RescheduleError naming
 * the task (never a loop; a throw is kept as its `cause`).
 */
export function nextRunOf(task: Task, after: number): number | null {
  let next: number | null;
  try {
    if (task.nextRun !== Task.prototype.nextRun) {
      const result: unknown = task.nextRun(new Date(after));
      if (result === null) return null;
      next = result instanceof Date ? result.getTime() : typeof result === 'number' ? result : Number.NaN;
    } else {
      next = task.nextRunAt(after);
      if (next === null) return null;
    }
  } catch (error) {
    throw nextRunThrew(task, after, error);
  }
  if (!Number.isFinite(next) || next <= after) throw badNextRun(task, after, next);
  // A slot no Date can hold is no slot: the rule has run out (an interval of 8.6e15 ms).
  return next > MAX_INSTANT_MS ? null : next;
}
