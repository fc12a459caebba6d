/**
 * Claiming due slots: the statements that make a slot run exactly once across processes.
 *
 * One transaction per claim:
 *   1. lock due, unpaused schedules with FOR UPDATE SKIP LOCKED: a schedule another process
 *      is claiming is skipped, never waited for, and no two claimers plan the same schedule;
 *   2. plan each in JS (the rule lives in JS) at the database's now(), read in this transaction;
 *   3. count the schedule's running runs (the row lock serialises this per schedule, so
 *      maxInstances holds across processes);
 *   4. insert the runs ON CONFLICT (schedule_id, slot, kind) DO NOTHING: the UNIQUE constraint
 *      is what makes a slot run once even if a plan ever repeats a slot already taken;
 *   5. write the next slot in the same transaction (sequential intervals: at completion).
 */
import { randomUUID } from 'node:crypto';
import { TaskNotFoundError } from '../../errors.js';
import type { RunKind } from '../../types.js';
import type { ClaimedRun, ClaimPlan, ClaimRequest, ClaimResult, ScheduleRow } from '../store.js';
import type { Db, Queryable } from './connection.js';
import { attemptStarted, iso, json, ms, SCHEDULE_COLUMNS, toClaimed, toSchedule } from './rows.js';
import type { DbRow, Names } from './rows.js';

const INSERTED_COLUMNS = 'id::text AS id, schedule_id::text AS schedule_id, slot, kind, token, attempt, lease_until, started_at';

interface Planned {
  id: string;
  schedule: ScheduleRow;
  plan: ClaimPlan;
  failed: boolean;
}

export async function claim(db: Db, t: Names, request: ClaimRequest): Promise<ClaimResult> {
  return db.transaction(async (tx) => {
    const now = await txNow(tx);
    const rows = await tx.query<DbRow>(
      `SELECT ${SCHEDULE_COLUMNS} FROM ${t.schedules}
       WHERE next_run_at <= now() AND NOT paused AND ($1::text[] IS NULL OR queue = ANY($1::text[]))
       ORDER BY next_run_at, name LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [request.queues, request.limit]);
    const result: ClaimResult = { runs: [], missed: [], skipped: [] };
    if (rows.length === 0) return result;
    const planned = rows.map((row): Planned => {
      const schedule = toSchedule(row);
      try {
        return { id: row.id as string, schedule, plan: request.plan(schedule, now), failed: false };
      } catch {
        return { id: row.id as string, schedule, plan: { runs: [], nextRunAt: null, nextAtCompletion: false, missed: 0 }, failed: true };
      }
    });
    const running = await runningCounts(tx, t, planned.map((p) => p.id));

    // Runs within maxInstances, as arrays for one INSERT ... SELECT FROM unnest.
    const wanted: Array<{ p: Planned; slot: number; kind: RunKind; token: string }> = [];
    for (const p of planned) {
      if (p.plan.missed > 0) result.missed.push({ name: p.schedule.name, count: p.plan.missed });
      let room = maxInstances(p.schedule) - (running.get(p.id) ?? 0);
      for (const run of p.plan.runs) {
        if (room <= 0) {
          result.skipped.push({ name: p.schedule.name, slot: run.slot });
          continue;
        }
        room -= 1;
        wanted.push({ p, slot: run.slot, kind: run.kind, token: randomUUID() });
      }
    }
    const leaseUntil = iso(now + request.leaseMs);
    const attempts = json([attemptStarted(1, request.instanceId, now)]);
    const inserted = wanted.length === 0 ? [] : await tx.query<DbRow>(
      `INSERT INTO ${t.runs} (schedule_id, slot, kind, token, status, attempt, instance_id, lease_until, started_at, attempts)
       SELECT u.schedule_id, u.slot, u.kind, u.token, 'running', 1, $5, $6::timestamptz, $7::timestamptz, $8::jsonb
       FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[]) AS u(schedule_id, slot, kind, token)
       ON CONFLICT (schedule_id, slot, kind) DO NOTHING
       RETURNING ${INSERTED_COLUMNS}`,
      [wanted.map((w) => w.p.id), wanted.map((w) => iso(w.slot)), wanted.map((w) => w.kind), wanted.map((w) => w.token),
        request.instanceId, leaseUntil, iso(now), attempts]);
    const started = new Map<string, DbRow[]>();
    for (const row of inserted) started.set(row.schedule_id as string, [...(started.get(row.schedule_id as string) ?? []), row]);

    // Each schedule's new next slot, state and run count, in one UPDATE.
    const updates = planned.map((p) => {
      const count = started.get(p.id)?.length ?? 0;
      const sequentialGoing = p.plan.nextAtCompletion && count > 0;
      const next = p.failed || sequentialGoing ? null : p.plan.nextRunAt;
      const busy = count > 0 || (running.get(p.id) ?? 0) > 0;
      const state = p.failed ? 'failed' : busy ? 'running' : next === null ? 'finished' : 'scheduled';
      p.schedule = { ...p.schedule, nextRunAt: next, state, runs: p.schedule.runs + count };
      return { id: p.id, next, state, count };
    });
    await tx.query(
      `UPDATE ${t.schedules} s SET next_run_at = u.next, state = u.state, runs = s.runs + u.count
       FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::int[]) AS u(id, next, state, count) WHERE s.id = u.id`,
      [updates.map((u) => u.id), updates.map((u) => iso(u.next)), updates.map((u) => u.state), updates.map((u) => u.count)]);

    for (const p of planned) for (const row of started.get(p.id) ?? []) result.runs.push(toClaimed(row, p.schedule));
    return result;
  });
}

/** A manual run at `at` (kind 'manual'), held by this instance at once; null when that instant already has one. */
export async function requestRun(db: Db, t: Names, name: string, at: number, instanceId: string, leaseMs: number): Promise<ClaimedRun | null> {
  return db.transaction(async (tx) => {
    const now = await txNow(tx);
    const [row] = await tx.query<DbRow>(`SELECT ${SCHEDULE_COLUMNS} FROM ${t.schedules} WHERE name = $1 FOR UPDATE`, [name]);
    if (!row) throw new TaskNotFoundError(name, 'run');
    // The 'manual' kind keeps a run-now off the scheduled slot at the same instant (UNIQUE).
    const [inserted] = await tx.query<DbRow>(
      `INSERT INTO ${t.runs} (schedule_id, slot, kind, token, status, attempt, instance_id, lease_until, started_at, attempts)
       VALUES ($1, $2::timestamptz, 'manual', $3, 'running', 1, $4, $5::timestamptz, $6::timestamptz, $7::jsonb)
       ON CONFLICT (schedule_id, slot, kind) DO NOTHING RETURNING ${INSERTED_COLUMNS}`,
      [row.id, iso(at), randomUUID(), instanceId, iso(now + leaseMs), iso(now), json([attemptStarted(1, instanceId, now)])]);
    if (!inserted) return null;
    const [updated] = await tx.query<DbRow>(
      `UPDATE ${t.schedules} SET runs = runs + 1, state = CASE WHEN paused THEN 'paused' ELSE 'running' END
       WHERE id = $1 RETURNING ${SCHEDULE_COLUMNS}`, [row.id]);
    return toClaimed(inserted, toSchedule(updated!));
  });
}

/** The database's now(), which is also what every statement of this transaction sees. */
export async function txNow(tx: Queryable): Promise<number> {
  const [row] = await tx.query<{ now: unknown }>('SELECT now() AS now');
  return ms(row?.now);
}

async function runningCounts(tx: Queryable, t: Names, ids: string[]): Promise<Map<string, number>> {
  const rows = await tx.query<{ id: string; n: number }>(
    `SELECT schedule_id::text AS id, count(*)::int AS n FROM ${t.runs}
     WHERE status = 'running' AND schedule_id = ANY($1::bigint[]) GROUP BY schedule_id`, [ids]);
  return new Map(rows.map((r) => [r.id, Number(r.n)]));
}

function maxInstances(schedule: ScheduleRow): number {
  const value = schedule.options.maxInstances;
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : 1;
}
