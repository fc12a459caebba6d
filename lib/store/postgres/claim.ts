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
import { invalidType, TaskNotFoundError } from '../../errors.js';
import type { RunKind } from '../../types.js';
import { checkCount, checkLease, maxInstancesOf } from '../memory-rows.js';
import type { ClaimedRun, ClaimPlan, ClaimRequest, ClaimResult, ScheduleRow, StoredOutcome } from '../store.js';
import type { Db, Queryable } from './connection.js';
import { attemptStarted, iso, json, ms, SCHEDULE_COLUMNS, toClaimed, toSchedule } from './rows.js';
import type { DbRow, Names } from './rows.js';

const INSERTED_COLUMNS = 'id::text AS id, schedule_id::text AS schedule_id, slot, kind, token, attempt, lease_until, started_at';

interface Planned {
  id: string;
  schedule: ScheduleRow;
  plan: ClaimPlan;
  failed: boolean;
  /** Set when a slot was passed over for maxInstances (the last such slot's). */
  skipped: StoredOutcome | null;
}

/** A slot not run because maxInstances runs go on, recorded as the in-memory scheduler does. */
const skippedOutcome = (slot: number, now: number): StoredOutcome => ({ status: 'skipped', at: now, durationMs: 0, latenessMs: now - slot });

export async function claim(db: Db, t: Names, request: ClaimRequest): Promise<ClaimResult> {
  checkCount('limit', request.limit);
  checkLease(request.leaseMs);
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
        return { id: row.id as string, schedule, plan: request.plan(schedule, now), failed: false, skipped: null };
      } catch {
        return { id: row.id as string, schedule, plan: { runs: [], nextRunAt: null, nextAtCompletion: false, missed: 0 }, failed: true, skipped: null };
      }
    });
    const running = await runningCounts(tx, t, planned.map((p) => p.id));
    const taken = await existingRuns(tx, t, planned);

    // Runs within maxInstances, as arrays for one INSERT ... SELECT FROM unnest.
    const wanted: Array<{ p: Planned; slot: number; kind: RunKind; token: string }> = [];
    for (const p of planned) {
      if (p.plan.missed > 0) result.missed.push({ name: p.schedule.name, count: p.plan.missed });
      let room = maxInstancesOf(p.schedule) - (running.get(p.id) ?? 0);
      for (const run of p.plan.runs) {
        if (taken.has(`${p.id} ${run.slot} ${run.kind}`)) continue; // ran already: not a skip
        if (room <= 0) {
          result.skipped.push({ name: p.schedule.name, slot: run.slot });
          p.skipped = skippedOutcome(run.slot, now);
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
      p.schedule = { ...p.schedule, nextRunAt: next, state, runs: p.schedule.runs + count, lastOutcome: p.skipped ?? p.schedule.lastOutcome };
      return { id: p.id, next, state, count, skipped: json(p.skipped) };
    });
    await tx.query(
      `UPDATE ${t.schedules} s SET next_run_at = u.next, state = u.state, runs = s.runs + u.count,
         last_outcome = COALESCE(u.skipped::jsonb, s.last_outcome)
       FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::int[], $5::text[]) AS u(id, next, state, count, skipped)
       WHERE s.id = u.id`,
      [updates.map((u) => u.id), updates.map((u) => iso(u.next)), updates.map((u) => u.state), updates.map((u) => u.count),
        updates.map((u) => u.skipped)]);

    for (const p of planned) for (const row of started.get(p.id) ?? []) result.runs.push(toClaimed(row, p.schedule));
    return result;
  });
}

/** A manual run at `at` (kind 'manual'), held by this instance at once; null when that instant already has one. */
export async function requestRun(db: Db, t: Names, name: string, at: number, instanceId: string, leaseMs: number): Promise<ClaimedRun | null> {
  if (!Number.isFinite(at)) throw invalidType('at', 'an instant (epoch ms)', at);
  checkLease(leaseMs);
  return db.transaction(async (tx) => {
    const now = await txNow(tx);
    // The row lock serialises this with claims of the same schedule (maxInstances below).
    const [row] = await tx.query<DbRow>(`SELECT ${SCHEDULE_COLUMNS} FROM ${t.schedules} WHERE name = $1 FOR UPDATE`, [name]);
    if (!row) throw new TaskNotFoundError(name, 'run');
    const id = row.id as string;
    const existing = await tx.query(`SELECT 1 FROM ${t.runs} WHERE schedule_id = $1 AND slot = $2::timestamptz AND kind = 'manual'`, [id, iso(at)]);
    if (existing.length > 0) return null;
    if ((((await runningCounts(tx, t, [id])).get(id)) ?? 0) >= maxInstancesOf(toSchedule(row))) {
      await tx.query(`UPDATE ${t.schedules} SET last_outcome = $2::jsonb WHERE id = $1`, [id, json(skippedOutcome(at, now))]);
      return null;
    }
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

/** `schedule slot kind` keys of the planned runs that exist already (a plan repeating a slot). */
async function existingRuns(tx: Queryable, t: Names, planned: Planned[]): Promise<Set<string>> {
  const ids: string[] = [];
  const slots: Array<string | null> = [];
  const kinds: string[] = [];
  for (const p of planned) {
    for (const run of p.plan.runs) {
      ids.push(p.id);
      slots.push(iso(run.slot));
      kinds.push(run.kind);
    }
  }
  if (ids.length === 0) return new Set();
  const rows = await tx.query<DbRow>(
    `SELECT r.schedule_id::text AS id, r.slot, r.kind FROM ${t.runs} r
     JOIN unnest($1::bigint[], $2::timestamptz[], $3::text[]) AS u(id, slot, kind)
       ON r.schedule_id = u.id AND r.slot = u.slot AND r.kind = u.kind`, [ids, slots, kinds]);
  return new Set(rows.map((r) => `${r.id as string} ${ms(r.slot)} ${r.kind as string}`));
}
