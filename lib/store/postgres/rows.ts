/**
 * The boundary between SQL rows and the Store's types. Instants are `timestamptz` in the
 * database and epoch ms outside: written as ISO strings (exact to the ms, whatever the
 * driver's Date handling), read back from the Date both pg and PGlite return. Ids are
 * bigserial, read as text (pg returns int8 as a string, PGlite as a number).
 */
import type { RunKind } from '../../types.js';
import type { AttemptRow, ClaimedRun, RunRow, RunStatus, ScheduleRow, ScheduleType, StoredAction, StoredOutcome } from '../store.js';

/** Table and channel names for one schema (a validated plain identifier, so safe to splice). */
export interface Names {
  schema: string;
  schedules: string;
  runs: string;
  instances: string;
  channel: string;
}

export function names(schema: string): Names {
  return {
    schema,
    schedules: `${schema}.schedules`,
    runs: `${schema}.runs`,
    instances: `${schema}.instances`,
    channel: `kronos_${schema}`,
  };
}

export const SCHEDULE_COLUMNS = `id::text AS id, name, type, options, action, args, kw, queue, source, next_run_at, paused,
  paused_at, state, runs, failures, last_outcome, version, created_at, updated_at`;

/** The same columns from a table aliased `s` (for joins). */
export const S_SCHEDULE_COLUMNS = SCHEDULE_COLUMNS.split(',').map((c) => `s.${c.trim()}`).join(', ');

export const RUN_COLUMNS = `id::text AS id, schedule_id::text AS schedule_id, slot, kind, status, attempt, token, instance_id,
  lease_until, started_at, finished_at, attempts`;

export type DbRow = Record<string, unknown>;

/** Epoch ms from whatever the driver returned for a timestamptz (Date, or text from a custom parser). */
export function toMs(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value;
  const ms = Date.parse(String(value));
  return Number.isNaN(ms) ? null : ms;
}

export function ms(value: unknown): number {
  const result = toMs(value);
  if (result === null) throw new TypeError(`Expected a timestamp from the database, got ${String(value)}`);
  return result;
}

/** A timestamptz parameter: ISO text, exact to the ms. */
export function iso(value: number | null | undefined): string | null {
  return value === null || value === undefined ? null : new Date(value).toISOString();
}

/** JSON parameters go as text (`$n::jsonb`): pg would turn a JS array into a PostgreSQL array. */
export function json(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

export function toSchedule(row: DbRow): ScheduleRow {
  const schedule: ScheduleRow = {
    name: row.name as string,
    type: row.type as ScheduleType,
    options: row.options as Record<string, unknown>,
    action: row.action as StoredAction,
    args: row.args as unknown[],
    queue: row.queue as string,
    source: row.source as string,
    nextRunAt: toMs(row.next_run_at),
    paused: row.paused as boolean,
    pausedAt: toMs(row.paused_at),
    state: row.state as ScheduleRow['state'],
    runs: Number(row.runs),
    failures: Number(row.failures),
    lastOutcome: (row.last_outcome as StoredOutcome | null) ?? null,
    version: Number(row.version),
    createdAt: ms(row.created_at),
    updatedAt: ms(row.updated_at),
  };
  if (row.kw !== null && row.kw !== undefined) schedule.kw = row.kw as Record<string, unknown>;
  return schedule;
}

export function toClaimed(row: DbRow, schedule: ScheduleRow): ClaimedRun {
  return {
    id: row.id as string,
    token: row.token as string,
    schedule,
    slot: ms(row.slot),
    kind: row.kind as RunKind,
    attempt: Number(row.attempt),
    leaseUntil: ms(row.lease_until),
    startedAt: ms(row.started_at),
  };
}

export function toRun(row: DbRow): RunRow {
  return {
    id: row.id as string,
    name: row.name as string,
    slot: ms(row.slot),
    kind: row.kind as RunKind,
    status: row.status as RunStatus,
    attempt: Number(row.attempt),
    instanceId: (row.instance_id as string | null) ?? null,
    startedAt: toMs(row.started_at),
    finishedAt: toMs(row.finished_at),
    attempts: row.attempts as AttemptRow[],
  };
}

/** The attempts entry written when an attempt starts. */
export function attemptStarted(attempt: number, instanceId: string, startedAt: number): AttemptRow {
  return { attempt, instanceId, startedAt, finishedAt: null, status: 'running' };
}
