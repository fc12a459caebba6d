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
    attempt: run.attempt, leaseUntil: run.leaseUntil, startedAt: run.startedAt,
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

export function checkLease(leaseMs: number): void {
  if (!Number.isFinite(leaseMs)) throw invalidType('leaseMs', 'a positive number (ms)', leaseMs);
  if (leaseMs <= 0) throw outOfRange('leaseMs', 'a positive number (ms)', leaseMs);
}
