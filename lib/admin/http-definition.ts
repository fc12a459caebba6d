/**
 * A job's definition as declared (the API's `definition`, the dashboard's "raw schedule"):
 * its type, action, arguments, queue and the options that differ from the defaults. A durable
 * store keeps these as given; an in-memory task keeps them normalised, so they are read back
 * from it (durations in ms, instants in epoch ms, as a durable store keeps them too).
 */
import { CronTask } from '../tasks/cron-task.js';
import { MonthdayTask, WeekdayTask } from '../tasks/day-tasks.js';
import { IntervalTask } from '../tasks/interval-task.js';
import { SingleTask } from '../tasks/single-task.js';
import type { Task } from '../tasks/task.js';
import type { ScheduleRow } from '../store/store.js';

export interface Definition {
  /** The stored type (`interval`, `weekday`, `monthday`, `single`, `cron`); `custom` for a Task subclass. */
  type: string;
  action: string | { module: string; export: string } | null;
  args: unknown[];
  kw?: Record<string, unknown>;
  queue: string;
  options: Record<string, unknown>;
}

export function definitionOfRow(row: ScheduleRow): Definition {
  const out: Definition = { type: row.type, action: row.action, args: [...row.args], queue: row.queue, options: { ...row.options } };
  if (row.kw !== undefined && row.kw !== null) out.kw = row.kw;
  return out;
}

/** The rule's own options, by task class. */
function ruleOptions(task: Task): [string, Record<string, unknown>] {
  if (task instanceof IntervalTask) return ['interval', { interval: task.interval, ...(task.initialDelay ? { initialDelay: task.initialDelay } : {}) }];
  if (task instanceof WeekdayTask) return ['weekday', { weekdays: [...task.weekdays], timeOnDay: [...task.timeOnDay], timeZone: task.timeZone }];
  if (task instanceof MonthdayTask) return ['monthday', { monthdays: [...task.monthdays], timeOnDay: [...task.timeOnDay], timeZone: task.timeZone }];
  if (task instanceof CronTask) return ['cron', { cron: task.cron, timeZone: task.timeZone }];
  if (task instanceof SingleTask) return ['single', { at: task.at }];
  return ['custom', {}];
}

/** Policies worth showing only when they differ from these defaults. */
const POLICY_DEFAULTS: Record<string, unknown> = {
  maxInstances: 1, overlap: 'skip', catchUp: 'once', misfireGraceTime: 1000, maxCatchUp: 100, timeout: undefined,
  enabled: true, maxRuns: Number.POSITIVE_INFINITY, jitter: 0,
};

/**
 * `action`: the module reference, or the name the task's function was `define`d under (an
 * in-memory task keeps the function itself); null for a function never named.
 */
export function definitionOfTask(task: Task, action: Definition['action']): Definition {
  const [type, options] = ruleOptions(task);
  const policy = task.policy as unknown as Record<string, unknown>;
  // Shown only when it differs from the default of its kind of action (as declared).
  if (policy.processMethod !== (typeof task.action === 'function' ? 'concurrent' : 'threaded')) options.processMethod = policy.processMethod;
  if (task.priority !== 0) options.priority = task.priority;
  for (const [key, fallback] of Object.entries(POLICY_DEFAULTS)) {
    if (policy[key] !== fallback) options[key] = policy[key];
  }
  const limits = task.config.limited?.limits as Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(limits ?? {})) if (value !== undefined) options[key] = value;
  const out: Definition = { type, action, args: [...task.args], queue: 'default', options };
  if (task.config.kw !== undefined) out.kw = task.config.kw;
  return out;
}
