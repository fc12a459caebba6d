/**
 * Task options <-> ScheduleSpec: what a durable store keeps of a task is JSON (no functions,
 * no Dates), and the task's rule is rebuilt from it in whichever process claims it.
 */
import { randomUUID } from 'node:crypto';
import { HandlerNotFoundError, describeValue, invalidType } from '../../errors.js';
import { CronTask } from '../../tasks/cron-task.js';
import { MonthdayTask, WeekdayTask } from '../../tasks/day-tasks.js';
import { IntervalTask } from '../../tasks/interval-task.js';
import { TASK_SOURCES, checkInteger, checkName, checkOneOf, isModuleReference } from '../../tasks/options.js';
import { SingleTask } from '../../tasks/single-task.js';
import type { Task } from '../../tasks/task.js';
import type { ActionFunction } from '../../types.js';
import type { OnLost, ScheduleSpec, ScheduleType, StoredAction } from '../../store/store.js';
import type { HandlerRegistry } from './handlers.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type TaskClass = new (options: any) => Task;

export const TASK_CLASSES: Readonly<Record<ScheduleType, TaskClass>> = {
  interval: IntervalTask, weekday: WeekdayTask, monthday: MonthdayTask, single: SingleTask, cron: CronTask,
};

/** Kept outside `spec.options`: the spec has fields of its own for them. */
const OWN_FIELDS = new Set(['name', 'action', 'args', 'kw', 'queue', 'replace', 'source']);
/** Options that may be given as a Date and are stored as epoch ms. */
const INSTANTS = new Set(['at', 'startDate', 'endDate']);
const ON_LOST: readonly OnLost[] = ['retry', 'fail'];

/** What a durable task does with a run lost with its process (`onLost`, `maxAttempts`). */
export interface LostPolicy {
  onLost: OnLost;
  maxAttempts: number;
}

export function lostPolicyOf(spec: ScheduleSpec): LostPolicy {
  return {
    onLost: (spec.options.onLost as OnLost | undefined) ?? 'retry',
    maxAttempts: (spec.options.maxAttempts as number | undefined) ?? 3,
  };
}

/**
 * Checks `options` for a durable store and turns them into a spec. A function action, an
 * `around` hook or any other value JSON cannot carry is a TypeError saying what to do instead;
 * every other option is checked by building the task once (the same errors as in memory).
 */
export function specOf(type: ScheduleType, options: Record<string, unknown>, source = 'api'): ScheduleSpec {
  if (typeof options !== 'object' || options === null) throw invalidType('options', `an options object for a ${type} task`, options);
  const given = checkName(options.name);
  if (given === undefined && type !== 'single') {
    throw invalidType('name', 'a non-empty string: every process declares a durable schedule by its name', undefined);
  }
  const name = given ?? `single-${randomUUID()}`;
  if (typeof options.around === 'function' || options.around !== undefined) {
    throw new TypeError(`Task "${name}": \`around\` is a function, which a durable store cannot keep; pass \`around\` to the Scheduler instead, or do the setup inside the handler`);
  }
  rejectMemoryOnly(name, options);
  const spec: ScheduleSpec = {
    name, type, action: storedAction(name, options.action), args: jsonArgs(options.args), options: {},
    queue: checkQueue(options.queue), source: checkOneOf(options.source, 'source', TASK_SOURCES, source as 'api'),
  };
  if (options.kw !== undefined) spec.kw = checkJson(options.kw, 'kw') as Record<string, unknown>;
  for (const [key, value] of Object.entries(options)) {
    if (OWN_FIELDS.has(key) || value === undefined) continue;
    spec.options[key] = checkJson(storable(key, value), key);
  }
  checkOneOf(spec.options.onLost, 'onLost', ON_LOST, 'retry');
  checkInteger(spec.options.maxAttempts, 'maxAttempts', 1, 3);
  taskOf(spec, null);
  return spec;
}

/**
 * Policies only the in-memory scheduler can honour: a TypeError naming the option and why,
 * rather than a schedule that silently behaves otherwise.
 */
function rejectMemoryOnly(name: string, options: Record<string, unknown>): void {
  if (options.jitter !== undefined && options.jitter !== 0) {
    throw new TypeError(`Task "${name}": \`jitter\` is not supported on a durable store (a claimed slot starts at once in whichever process claims it, and its lease and lateness are counted from the slot); spread the schedules' slots instead (e.g. different \`initialDelay\`s), got ${describeValue(options.jitter)}`);
  }
  if (options.overlap === 'queue') {
    throw new TypeError(`Task "${name}": \`overlap: 'queue'\` is not supported on a durable store (a queued run would live in one process's memory and be lost with it); use \`overlap: 'skip'\` (the default) with \`maxInstances\`, or \`processMethod: 'sequential'\``);
  }
}

/**
 * The task a spec describes, with its handler from `handlers` (null: a stand-in, to check the
 * options or read the rule). A handler this process lacks fails the run, not the loop.
 */
export function taskOf(spec: ScheduleSpec, handlers: HandlerRegistry | null): Task {
  const { onLost: _onLost, maxAttempts: _maxAttempts, ...rest } = spec.options;
  const options: Record<string, unknown> = { ...rest, name: spec.name, action: actionOf(spec.action, handlers), args: spec.args };
  if (spec.kw !== undefined) options.kw = spec.kw;
  return new TASK_CLASSES[spec.type](options);
}

/** Each schedule's task with this process's handlers, rebuilt once per spec version. */
export class TaskCache {
  readonly #tasks = new Map<string, { version: number; task: Task }>();
  constructor(private readonly handlers: HandlerRegistry) {}

  get(row: ScheduleSpec & { version: number }): Task {
    const cached = this.#tasks.get(row.name);
    if (cached !== undefined && cached.version === row.version) return cached.task;
    const task = taskOf(row, this.handlers);
    // A handler not defined yet may be defined later: only a task that has its handler is kept.
    if (typeof row.action !== 'string' || this.handlers.get(row.action) !== undefined) this.#tasks.set(row.name, { version: row.version, task });
    return task;
  }

  /** The task of a schedule seen before, if any. */
  known(name: string): Task | undefined {
    return this.#tasks.get(name)?.task;
  }
}

function actionOf(action: StoredAction, handlers: HandlerRegistry | null): unknown {
  if (typeof action !== 'string') return { module: action.module, export: action.export };
  if (handlers === null) return standIn;
  return handlers.get(action) ?? missing(action);
}

function standIn(): void {}

function missing(name: string): ActionFunction {
  return () => {
    throw new HandlerNotFoundError(name);
  };
}

function storedAction(name: string, action: unknown): StoredAction {
  if (typeof action === 'string') {
    if (action.trim().length === 0) throw invalidType('action', 'a defined handler\'s name or a module reference `{ module, export }`', action);
    return action;
  }
  if (typeof action === 'function') {
    const hint = action.name ? `'${action.name}'` : `'${name}'`;
    throw new TypeError(
      `Task "${name}": a durable store cannot keep a function as \`action\`; define it in every process with ` +
        `scheduler.define(${hint}, fn) and pass its name (\`action: ${hint}\`), or pass a module reference \`{ module, export }\``,
    );
  }
  if (isModuleReference(action)) {
    const module = action.module instanceof URL ? action.module.href : action.module;
    if (typeof module !== 'string' || module.length === 0) throw invalidType('action.module', 'a non-empty path or file: URL string', action.module);
    const exported = action.export ?? 'default';
    if (typeof exported !== 'string' || exported.length === 0) throw invalidType('action.export', 'a non-empty string', action.export);
    return { module, export: exported };
  }
  throw invalidType('action', 'a defined handler\'s name or a module reference `{ module, export }`', action);
}

function jsonArgs(args: unknown): unknown[] {
  if (args === undefined) return [];
  if (!Array.isArray(args)) throw invalidType('args', 'an array', args);
  return checkJson(args, 'args') as unknown[];
}

function checkQueue(queue: unknown): string {
  if (queue === undefined) return 'default';
  if (typeof queue !== 'string' || queue.trim().length === 0) throw invalidType('queue', 'a non-empty string', queue);
  return queue;
}

/** Instants as epoch ms (a Date is not JSON); everything else as given. */
function storable(key: string, value: unknown): unknown {
  if (INSTANTS.has(key) && value instanceof Date) return value.getTime();
  if (key === 'dates' && Array.isArray(value)) return value.map((d: unknown) => (d instanceof Date ? d.getTime() : d));
  return value;
}

/** Throws a TypeError naming the path of the first value JSON would not carry as it is. */
export function checkJson(value: unknown, path: string): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => checkJson(item, `${path}[${i}]`));
    return value;
  } else if (typeof value === 'object' && (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null)) {
    for (const [key, item] of Object.entries(value)) checkJson(item, `${path}.${key}`);
    return value;
  }
  const hint = typeof value === 'function' ? ' (define functions with scheduler.define and name them)' : '';
  throw new TypeError(`Expected \`${path}\` to be JSON (null, boolean, finite number, string, array or plain object) for a durable store${hint}, got ${describeValue(value)}`);
}
