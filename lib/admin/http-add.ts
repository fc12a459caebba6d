/**
 * POST /api/jobs: a job-file entry `{ name, type, ... }` becomes a task. Kept in this one
 * function so that the job-file module's validator can take over the entry checks later; for
 * now the common keys are checked here. Nothing from the request is evaluated: `handler`
 * must name a `define`d handler, and `module` must lie under a directory allowed at start.
 */
import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeValue } from '../errors.js';
import { LIMIT_KEYS } from '../time/rules/limit-options.js';
import type { Task } from '../tasks/task.js';
import type { Store } from '../store/store.js';
import type { AnyScheduler } from './history.js';
import { HttpError, badField } from './http-errors.js';
import { rejectUnknown } from './http-body.js';
import type { JsonObject } from './http-body.js';
import { markSource } from './http-view.js';

/** Entry types and the add*Task each maps to (`date` is the job files' name for a one-shot). */
const ADDERS = {
  interval: 'addIntervalTask', weekday: 'addWeekdayTask', monthday: 'addMonthdayTask', cron: 'addCronTask', date: 'addSingleTask', single: 'addSingleTask',
} as const;
type EntryType = keyof typeof ADDERS;

/** Each type's own keys (those of the task class). */
const TYPE_KEYS: Record<EntryType, readonly string[]> = {
  interval: ['interval', 'initialDelay'],
  weekday: ['weekdays', 'timeOnDay'],
  monthday: ['monthdays', 'timeOnDay'],
  cron: ['cron'],
  date: ['at'],
  single: ['at'],
};

/** Keys every type takes: the action, its arguments, and policy and limit options (no `around` or `replace`: code, and 409). */
const COMMON = [
  'name', 'type', 'handler', 'module', 'export', 'args', 'kw', 'processMethod', 'priority', 'maxInstances', 'overlap', 'catchUp',
  'misfireGraceTime', 'maxCatchUp', 'timeout', 'enabled', 'maxRuns', 'jitter', 'queue', 'onLost', 'maxAttempts', ...LIMIT_KEYS,
];

export interface AddEntryOptions {
  /** Real paths of the directories module paths must lie under. */
  allowModules: readonly string[];
}

/** What POST /api/jobs answers with, besides the job itself. */
export interface AddedJob {
  name: string;
}

/** Resolves the directories of `allowModules` once, at start (they must exist). */
export function resolveModuleDirs(dirs: readonly string[]): string[] {
  return dirs.map((dir, i) => {
    if (typeof dir !== 'string' || dir.length === 0) throw new TypeError(`Expected \`allowModules[${i}]\` to be a directory path, got ${describeValue(dir)}`);
    return realpathSync(resolve(dir));
  });
}

/** The module's real path when it lies under an allowed directory; else a 400 naming `module`. */
function allowedModule(given: unknown, dirs: readonly string[]): string {
  if (typeof given !== 'string' || given.length === 0) throw badField('module', `Expected \`module\` to be a file path, got ${describeValue(given)}`);
  if (dirs.length === 0) throw badField('module', 'Module paths are not accepted: the server was started without `allowModules`');
  // Relative paths count from the first allowed directory; other URL schemes (node:, data:, http:) are refused.
  let path = '';
  try {
    if (given.startsWith('file:')) path = realpathSync(fileURLToPath(given));
    else if (!/^[a-z][a-z0-9+.-]+:/i.test(given)) path = realpathSync(resolve(dirs[0]!, given));
  } catch {
    path = '';
  }
  const inside = path !== '' && dirs.some((dir) => {
    const rel = relative(dir, path);
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
  });
  if (!inside) throw badField('module', `Expected \`module\` to be an existing file under an allowed directory (${dirs.join(', ')}), got ${describeValue(given)}`);
  return path;
}

function typeOf(entry: JsonObject): EntryType {
  const type = entry.type;
  if (typeof type !== 'string' || !Object.hasOwn(ADDERS, type)) {
    throw badField('type', `Expected \`type\` to be one of ${Object.keys(ADDERS).join(', ')}, got ${describeValue(type)}`);
  }
  return type as EntryType;
}

/** Keys holding an instant: JSON has no Date, so they come as epoch ms or ISO strings. */
const INSTANT_KEYS = ['at', 'startDate', 'endDate'];

/** Epoch ms, or an ISO date-time with an offset (without one its zone would be a guess). */
function instant(value: unknown, key: string): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\d{4}-\d\d-\d\dT[\d:.]+(Z|[+-]\d\d:?\d\d)$/i.test(value)) {
    const ms = Date.parse(value);
    if (!Number.isNaN(ms)) return ms;
  }
  throw badField(key, `Expected \`${key}\` to be epoch milliseconds or an ISO date-time with an offset (e.g. 2027-01-04T08:00:00+01:00), got ${describeValue(value)}`);
}

/** The task options an entry stands for (checked key by key; the task class checks values). */
export function optionsOf(scheduler: AnyScheduler, entry: JsonObject, options: AddEntryOptions): { type: EntryType; task: Record<string, unknown> } {
  const type = typeOf(entry);
  rejectUnknown(entry, new Set([...COMMON, ...TYPE_KEYS[type]]));
  if (typeof entry.name !== 'string' || entry.name.trim() === '') throw badField('name', `Expected \`name\` to be a non-empty string, got ${describeValue(entry.name)}`);
  const { type: _type, handler, module, export: exported, ...rest } = entry;
  const task: Record<string, unknown> = { ...rest };
  if ((handler === undefined) === (module === undefined)) {
    throw badField(handler === undefined ? 'handler' : 'module', 'Give exactly one of `handler` (a defined handler\'s name) or `module` (with `export`)');
  }
  if (handler !== undefined) {
    if (typeof handler !== 'string' || scheduler.handlers.get(handler) === undefined) {
      throw badField('handler', `Expected \`handler\` to name a handler defined in this process (${scheduler.handlers.names().join(', ') || 'none defined'}), got ${describeValue(handler)}`);
    }
    if (exported !== undefined) throw badField('export', '`export` goes with `module`, not with `handler`');
    task.action = handler;
  } else {
    if (exported !== undefined && (typeof exported !== 'string' || exported === '')) throw badField('export', `Expected \`export\` to be a non-empty string, got ${describeValue(exported)}`);
    task.action = { module: allowedModule(module, options.allowModules), export: exported ?? 'default' };
  }
  for (const key of INSTANT_KEYS) if (task[key] !== undefined) task[key] = instant(task[key], key);
  return { type, task };
}

/**
 * Adds the job an entry describes. A job of that name already there is a 409 (on a durable
 * store `add*Task` would upsert it: POST creates only).
 */
export async function addJobEntry(scheduler: AnyScheduler, entry: JsonObject, options: AddEntryOptions): Promise<AddedJob> {
  const { type, task } = optionsOf(scheduler, entry, options);
  const name = task.name as string;
  if ((await scheduler.getTask(name)) as Task | undefined) throw new HttpError(409, 'duplicate-name', `A job named "${name}" already exists; delete it first`, 'name');
  const add = scheduler[ADDERS[type]] as (options: Record<string, unknown>) => unknown;
  const added = await add.call(scheduler, task);
  // In memory add*Task answers with the Task; a durable row records its source itself.
  if (!(scheduler.store as Store).durable) markSource(added as Task, 'http');
  return { name };
}
