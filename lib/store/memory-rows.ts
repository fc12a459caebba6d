/**
 * Copies, checks and small conversions the MemoryStore applies at its edges: every row it
 * hands out is a copy, so a caller mutating one never changes the store.
 */
import { invalidType, outOfRange } from '../errors.js';
import type { MemoryRun } from './memory-runs.js';
import type { ClaimedRun, InstanceInfo, ScheduleRow, ScheduleSpec } from './store.js';

export function claimed(run: MemoryRun, row: ScheduleRow): ClaimedRun {
  return {
    id: run.id, token: run.token, schedule: clone(row), slot: run.slot, kind: run.kind,
    attempt: run.attempt, leaseUntil: run.leaseUntil, startedAt: run.startedAt!,
  };
}

export function specOf(spec: ScheduleSpec): ScheduleSpec {
  const { name, type, options, action, args, kw, queue = 'default', source } = spec;
  return kw === undefined ? { name, type, options, action, args, queue, source } : { name, type, options, action, args, kw, queue, source };
}

export function maxInstancesOf(row: ScheduleRow): number {
  const value = row.options['maxInstances'];
  return typeof value === 'number' ? value : 1;
}

/** A schedule's `priority` option (lower first among equal due times), 0 when none. */
export function priorityOf(row: ScheduleRow): number {
  const value = row.options['priority'];
  return typeof value === 'number' ? value : 0;
}

export function checkRequestOptions(options: unknown): void {
  if (typeof options !== 'object' || options === null) throw invalidType('options', 'an options object { skipNext? }', options);
  const { skipNext } = options as { skipNext?: unknown };
  if (skipNext !== undefined && typeof skipNext !== 'function') throw invalidType('skipNext', 'a function (schedule, now) => the slot after its next one', skipNext);
}

export function copyInstance(info: InstanceInfo): InstanceInfo {
  return { ...info, queues: info.queues === null ? null : [...info.queues], handlers: [...info.handlers] };
}

export function clone<T>(value: T): T {
  return structuredClone(value);
}

/** Code-point order, as `ORDER BY name COLLATE "C"` sorts. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function checkCount(option: string, value: number): void {
  if (!Number.isInteger(value)) throw invalidType(option, 'a positive integer', value);
  if (value < 1) throw outOfRange(option, 'a positive integer', value);
}

export function checkLease(leaseMs: number, option = 'leaseMs'): void {
  if (!Number.isFinite(leaseMs)) throw invalidType(option, 'a positive number (ms)', leaseMs);
  if (leaseMs <= 0) throw outOfRange(option, 'a positive number (ms)', leaseMs);
}
