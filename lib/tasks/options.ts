/**
 * Option normalisation: every task option is checked once, here, and bad input throws a
 * TypeError/RangeError that names the option, what was expected and what was given.
 */
import { invalidType, isClass, outOfRange } from '../errors.js';
import type { Action, AroundHook, CatchUp, Duration, Overlap, ProcessMethod, TaskSource } from '../types.js';
import { isPlainObject, toMillis } from '../time/duration.js';
import { LIMIT_KEYS, LimitedRule, normalizeLimits, type LimitOptions } from '../time/rules/limits.js';
import { Zone } from '../time/zone.js';
import { suggestKey } from './key-hints.js';

/** Options every task accepts. */
export interface TaskOptions extends LimitOptions {
  /** Unique per scheduler. @default `task-<n>` */
  name?: string;
  /** A function, or a module reference `{ module, export }` for off-thread modes (`scheduler.add*Task` also takes a `define`d handler's name). */
  action: Action;
  /** Positional arguments for the action. @default [] */
  args?: readonly unknown[];
  /** Passed as a trailing argument, only when given (Kronos' keyword arguments). */
  kw?: Record<string, unknown>;
  /** @default 'concurrent' for functions, 'threaded' for module references */
  processMethod?: ProcessMethod;
  /** Lower runs first among runs due at the same instant. @default 0 */
  priority?: number;
  /** Runs of this task allowed at once. @default 1 */
  maxInstances?: number;
  /** What happens to a run that would exceed `maxInstances`. @default 'skip' */
  overlap?: Overlap;
  /** Misfire policy for slots late by more than `misfireGraceTime`. @default 'once' */
  catchUp?: CatchUp;
  /** How late (ms) a slot may start before it counts as missed. @default 1000 */
  misfireGraceTime?: Duration;
  /** With `catchUp: 'all'`, the most late slots run back to back. @default 100 */
  maxCatchUp?: number;
  /** Abort a run after this long (ms); the run is reported as `timeout`. @default none */
  timeout?: Duration;
  /** Wraps every run of this task (inside the scheduler's own `around`). */
  around?: AroundHook;
  /** Replace a registered task of the same name instead of throwing. @default false */
  replace?: boolean;
  /** `false` adds the task paused. @default true */
  enabled?: boolean;
  /** The task finishes after this many runs. @default unlimited */
  maxRuns?: number;
  /** Start each run a random 0..jitter ms after its slot (spreads load); `scheduledAt` stays the slot. @default 0 */
  jitter?: Duration;
  /** Durable stores: the queue whose processes run this task (`queues` scheduler option). @default 'default' */
  queue?: string;
  /** Durable stores: what a run lost with its process becomes once its lease ran out. @default 'retry' */
  onLost?: 'retry' | 'fail';
  /** Durable stores: attempts of a run (lost runs retried) before it counts as lost. @default 3 */
  maxAttempts?: number;
  /** Where the task was declared, as `TaskInfo.source` shows it (a job file's loader sets `'file'`). @default 'api' */
  source?: TaskSource;
}

export interface TaskPolicy {
  readonly processMethod: ProcessMethod;
  readonly maxInstances: number;
  readonly overlap: Overlap;
  readonly catchUp: CatchUp;
  readonly misfireGraceTime: number;
  readonly maxCatchUp: number;
  readonly timeout: number | undefined;
  readonly around: AroundHook | undefined;
  readonly replace: boolean;
  readonly enabled: boolean;
  readonly maxRuns: number;
  readonly jitter: number;
}

export const COMMON_KEYS = [
  'name', 'action', 'args', 'kw', 'processMethod', 'priority', 'maxInstances', 'overlap', 'catchUp',
  'misfireGraceTime', 'maxCatchUp', 'timeout', 'around', 'replace', 'enabled', 'maxRuns', 'jitter',
  ...LIMIT_KEYS, 'queue', 'onLost', 'maxAttempts', 'source',
] as const;

// queue, onLost, maxAttempts: read by the durable engine from the stored spec, not by the task.
const NOT_POLICY: readonly string[] = ['name', 'action', 'args', 'kw', 'priority', 'queue', 'onLost', 'maxAttempts', 'source'];
export const TASK_SOURCES: readonly TaskSource[] = ['file', 'api', 'http'];

const PROCESS_METHODS: readonly ProcessMethod[] = ['sequential', 'concurrent', 'threaded', 'forked'];
const CATCH_UPS: readonly CatchUp[] = ['once', 'skip', 'all'];
const OVERLAPS: readonly Overlap[] = ['skip', 'queue'];

/** What `scanOptionKeys` found: policy options and limit options need normalising. */
export const HAS_POLICY = 1;
export const HAS_LIMITS = 2;

const keyGroups = new WeakMap<readonly string[], Map<string, number>>();

function groupsFor(extraKeys: readonly string[]): Map<string, number> {
  let groups = keyGroups.get(extraKeys);
  if (!groups) {
    groups = new Map<string, number>();
    // A task kind's own keys (`interval`, `weekdays`...) are its rule's, not policies; nor
    // limits: a calendar task's `timeZone` alone limits nothing, and its rule checks it.
    for (const key of [...COMMON_KEYS, ...extraKeys]) {
      const own = extraKeys.includes(key);
      groups.set(key, own ? 0 : (LIMIT_KEYS as readonly string[]).includes(key) ? HAS_LIMITS : NOT_POLICY.includes(key) ? 0 : HAS_POLICY);
    }
    keyGroups.set(extraKeys, groups);
  }
  return groups;
}

/**
 * One pass over the keys the caller gave: throws on a key the task type does not know
 * (suggesting the option it most likely meant), and says whether any policy or limit option
 * is present, so the common task with neither skips their normalisation. `kw` is checked
 * here too, the one common option whose shape the pass can judge before anything else reads it.
 */
export function scanOptionKeys(options: object, extraKeys: readonly string[], owner: string): number {
  const groups = groupsFor(extraKeys);
  let found = 0;
  for (const key in options) {
    const group = groups.get(key);
    if (group !== undefined) {
      const value = (options as Record<string, unknown>)[key];
      if (value !== undefined) {
        found |= group;
        if (key === 'kw' && !isPlainObject(value)) throw invalidType('kw', 'a plain object', value);
      }
      continue;
    }
    if (!Object.hasOwn(options, key)) continue;
    const allowed = [...groups.keys()];
    const hint = suggestKey(key, allowed);
    throw new TypeError(
      `Unknown option \`${key}\` for ${owner}${hint ? ` (did you mean \`${hint}\`?)` : ''}; expected one of: ${allowed.join(', ')}`,
    );
  }
  return found;
}

export function isModuleReference(value: unknown): value is { module: string | URL; export?: string } {
  return typeof value === 'object' && value !== null && 'module' in value;
}

const MODULE_REFERENCE_KEYS: readonly string[] = ['module', 'export'];

export function checkAction(action: unknown): Action {
  if (typeof action === 'function') {
    if (isClass(action)) throw invalidType('action', 'a function (a class cannot be called without `new`) or a module reference `{ module, export }`', action);
    return action as Action;
  }
  if (isModuleReference(action)) {
    for (const key of Object.keys(action)) {
      if (!MODULE_REFERENCE_KEYS.includes(key)) throw invalidType(`action.${key}`, 'absent: a module reference has the keys module, export', (action as Record<string, unknown>)[key]);
    }
    const { module, export: name } = action;
    if (!(typeof module === 'string' && module.length > 0) && !(module instanceof URL)) {
      throw invalidType('action.module', 'a non-empty path, file: URL string or URL', module);
    }
    if (name !== undefined && (typeof name !== 'string' || name.length === 0)) {
      throw invalidType('action.export', 'a non-empty string', name);
    }
    return action;
  }
  if (typeof action === 'string') throw invalidType('action', 'a function or a module reference `{ module, export }` (a handler\'s name works through scheduler.add*Task once scheduler.define gave it)', action);
  throw invalidType('action', 'a function or a module reference `{ module, export }`', action);
}

export function checkName(name: unknown): string | undefined {
  if (name === undefined) return undefined;
  if (typeof name !== 'string' || name.trim().length === 0) throw invalidType('name', 'a non-empty string', name);
  return name;
}

export function checkInteger(value: unknown, option: string, min: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw invalidType(option, `an integer ≥ ${min}`, value);
  if (value < min) throw outOfRange(option, `an integer ≥ ${min}`, value);
  if (!Number.isSafeInteger(value)) throw outOfRange(option, `an integer from ${min} to ${Number.MAX_SAFE_INTEGER}`, value);
  return value;
}

export function checkOneOf<T extends string>(value: unknown, option: string, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value as T)) {
    throw invalidType(option, `one of ${allowed.map((v) => `'${v}'`).join(', ')}`, value);
  }
  return value as T;
}

export function checkBoolean(value: unknown, option: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw invalidType(option, 'a boolean', value);
  return value;
}

function checkFunction<T>(value: unknown, option: string): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'function' || isClass(value)) throw invalidType(option, 'a function (not a class)', value);
  return value as T;
}

const DEFAULT_POLICIES = new Map<ProcessMethod, TaskPolicy>();

/** Normalises the common options. Policies equal to the defaults share one frozen object. */
export function normalizePolicy(options: TaskOptions, action: Action, hasPolicy = true): TaskPolicy {
  const defaultMethod: ProcessMethod = typeof action === 'function' ? 'concurrent' : 'threaded';
  if (!hasPolicy) return shareIfDefault(defaultsFor(defaultMethod));
  const processMethod = checkOneOf(options.processMethod, 'processMethod', PROCESS_METHODS, defaultMethod);
  const timeout = options.timeout === undefined ? undefined : toMillis(options.timeout, 'timeout');
  if (timeout === 0) throw outOfRange('timeout', 'a duration of at least 1 ms', options.timeout);
  const policy: TaskPolicy = {
    processMethod,
    maxInstances: checkInteger(options.maxInstances, 'maxInstances', 1, 1),
    overlap: checkOneOf(options.overlap, 'overlap', OVERLAPS, 'skip'),
    catchUp: checkOneOf(options.catchUp, 'catchUp', CATCH_UPS, 'once'),
    misfireGraceTime: options.misfireGraceTime === undefined ? 1000 : toMillis(options.misfireGraceTime, 'misfireGraceTime'),
    maxCatchUp: checkInteger(options.maxCatchUp, 'maxCatchUp', 1, 100),
    timeout,
    around: checkFunction<AroundHook>(options.around, 'around'),
    replace: checkBoolean(options.replace, 'replace', false),
    enabled: checkBoolean(options.enabled, 'enabled', true),
    maxRuns: checkInteger(options.maxRuns, 'maxRuns', 1, Number.POSITIVE_INFINITY),
    jitter: options.jitter === undefined ? 0 : toMillis(options.jitter, 'jitter'),
  };
  return shareIfDefault(policy);
}

function defaultsFor(processMethod: ProcessMethod): TaskPolicy {
  return DEFAULT_POLICIES.get(processMethod) ?? {
    processMethod, maxInstances: 1, overlap: 'skip', catchUp: 'once', misfireGraceTime: 1000, maxCatchUp: 100,
    timeout: undefined, around: undefined, replace: false, enabled: true, maxRuns: Number.POSITIVE_INFINITY, jitter: 0,
  };
}

/** Whether `policy` is one of the shared all-defaults policies. */
export function isDefaultPolicy(policy: TaskPolicy): boolean {
  return DEFAULT_POLICIES.get(policy.processMethod) === policy;
}

function shareIfDefault(policy: TaskPolicy): TaskPolicy {
  const shared = DEFAULT_POLICIES.get(policy.processMethod);
  const isDefault =
    policy.maxInstances === 1 && policy.overlap === 'skip' && policy.catchUp === 'once' &&
    policy.misfireGraceTime === 1000 && policy.maxCatchUp === 100 && policy.timeout === undefined &&
    policy.around === undefined && !policy.replace && policy.enabled && policy.maxRuns === Number.POSITIVE_INFINITY &&
    policy.jitter === 0;
  if (!isDefault) return policy;
  if (shared) return shared;
  const frozen = Object.freeze(policy);
  DEFAULT_POLICIES.set(policy.processMethod, frozen);
  return frozen;
}

/** `priority`: any finite number (lower runs first among equal due times). */
export function checkPriority(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalidType('priority', 'a finite number', value);
  return value;
}

/**
 * The task's limits as a rule wrapped around its own (`ruleNext`); undefined when no limit is
 * given (the common, free case). A `timeZone` is checked even when nothing reads it (an
 * interval or single task with no wall-clock limit), so a bad one fails where it was given.
 */
export function limitRule(options: LimitOptions, ruleNext: (after: number) => number | null, elapsed: boolean): LimitedRule | undefined {
  let given: Record<string, unknown> | undefined;
  for (const key of LIMIT_KEYS) {
    if (key !== 'timeZone' && options[key] !== undefined) (given ??= {})[key] = options[key];
  }
  const zone = options.timeZone === undefined && !given ? undefined : Zone.resolve(options.timeZone, 'timeZone');
  if (!given) return undefined;
  return new LimitedRule({ next: ruleNext }, normalizeLimits(given), zone as Zone, elapsed);
}
