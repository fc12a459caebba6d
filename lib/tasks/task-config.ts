/**
 * A task's policies and seldom-set options in one object, and the configs shared by every
 * task that sets none of them.
 */
import type { TaskSource } from '../types.js';
import type { LimitedRule } from '../time/rules/limits.js';
import type { TaskPolicy } from './options.js';

/** Shared by every task without args: a million tasks need no million empty arrays. */
export const NO_ARGS: readonly unknown[] = Object.freeze([]);

/** Not public API (`Task.config`, read on a run's path): what a task sets beyond its rule and action. */
export interface TaskConfig {
  /** Normalised policies. */
  readonly policy: TaskPolicy;
  readonly priority: number;
  /** Positional arguments (the shared empty array when none were given). */
  readonly args: readonly unknown[];
  readonly kw: Record<string, unknown> | undefined;
  readonly moduleUrl: string | undefined;
  /** The task's rule under its limits, made once; undefined when it has none (the common case). */
  readonly limited: LimitedRule | undefined;
  /** Where the task was declared (`source` option); undefined: in code. */
  readonly source: TaskSource | undefined;
}
/**
 * Configs of tasks that set nothing beyond their rule and action, one per default policy (the
 * defaults differ by action kind): a million such tasks share a handful of these.
 */
const plainConfigs = new Map<TaskPolicy, TaskConfig>();
export function plainConfig(policy: TaskPolicy): TaskConfig {
  let config = plainConfigs.get(policy);
  if (config === undefined) {
    config = Object.freeze({ policy, priority: 0, args: NO_ARGS, kw: undefined, moduleUrl: undefined, limited: undefined, source: undefined });
    plainConfigs.set(policy, config);
  }
  return config;
}
