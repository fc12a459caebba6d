/**
 * Claiming due slots: the statements that make a slot run exactly once across processes.
 *
 * One transaction per claim, three statements (each a round trip: a busy claimer is bound by them):
 *   1. lock due, unpaused schedules with FOR UPDATE SKIP LOCKED (and read the transaction's
 *      now()): a schedule another process is claiming is skipped, never waited for, and no two
 *      claimers plan the same schedule; then plan each in JS (the rule lives in JS);
 *   2. read, in one statement, the locked schedules' running runs (the row lock serialises this
 *      per schedule, so maxInstances holds across processes; read after the lock, so a peer's
 *      runs committed meanwhile count), their due pending manual runs, and the planned slots
 *      that have a run already;
 *   3. insert the runs ON CONFLICT (schedule_id, slot, kind) DO NOTHING (the UNIQUE constraint
 *      makes a slot run once even if a plan ever repeated a taken slot), start the manual runs,
 *      and write each schedule's next slot (sequential intervals: at completion), in one
 *      statement of data-modifying CTEs.
 */
import { randomUUID } from 'node:crypto';
import { invalidType, TaskNotFoundError } from '../../errors.js';
import type { RunKind } from '../../types.js';
import { checkCount, checkLease, checkRequestOptions, maxInstancesOf } from '../memory-rows.js';
import type { ClaimPlan, ClaimRequest, ClaimResult, RequestedRun, RequestRunOptions, ScheduleRow, StoreEvent, StoredOutcome } from '../store.js';
import type { Db, Queryable } from './connection.js';
import { attemptStarted, iso, json, ms, S_SCHEDULE_COLUMNS, SCHEDULE_COLUMNS, toClaimed, toSchedule } from './rows.js';
import type { DbRow, Names } from './rows.js';
import { soonestDue } from './schedules.js';

const INSERTED_COLUMNS = 'id::text AS id, schedule_id::text AS schedule_id, slot, kind, token, attempt, lease_until, started_at';

interface Planned {
  id: string;
  schedule: ScheduleRow;
  /** Null when the schedule was locked only for its due pending manual runs (not planned). */
  plan: ClaimPlan | null;
  failed: boolean;
  /** Set when a slot was passed over for maxInstances (the last such slot's). */
  skipped: StoredOutcome | null;
}

/** A slot not run because maxInstances runs go on, recorded as the in-memory scheduler does. */
const skippedOutcome = (slot: number, now: number): StoredOutcome => ({ status: 'skipped', at: now, durationMs: 0, latenessMs: now - slot });

/**
 * Due schedules by their next slot, in index order (schedules_due: queue, next slot, priority,
 * name), the first `$2` this transaction could lock. Per queue, so that each scan is one range
 * of the index (`queue = ANY(...)` would read every due row of those queues and sort them).
 */
const dueOf = (t: Names, queue: string): string => `SELECT ${S_SCHEDULE_COLUMNS}, true AS plan_due FROM ${t.schedules} s
         WHERE NOT s.paused AND s.next_run_at <= now() AND ${queue}
         ORDER BY s.next_run_at, s.priority, s.name LIMIT $2 FOR UPDATE SKIP LOCKED`;

export async function claim(db: Db, t: Names, request: ClaimRequest): Promise<ClaimResult> {
  checkCount('limit', request.limit);
  checkLease(request.leaseMs);
  return db.transaction(async (tx) => {
    // Due by its next slot (planned), or by a due pending manual run (those run paused or not,
    // as in memory). Each locking scan is on one table, in index order, and stops once it has
    // `limit` rows: a peer's claim is skipped, never waited for, and a row a peer claimed since
    // this statement began fails the re-check of its conditions cheaply. A schedule in both
    // lists is locked twice by this transaction, which is allowed, and kept once.
    const rows = await tx.query<DbRow>(
      `WITH due AS (${request.queues === null ? dueOf(t, 'true') : `SELECT d.* FROM unnest($1::text[]) AS q(queue), LATERAL (${dueOf(t, 's.queue = q.queue')}) d`}
       ), manual AS (
         SELECT ${S_SCHEDULE_COLUMNS}, false AS plan_due FROM ${t.schedules} s
         WHERE s.id = ANY(ARRAY(SELECT schedule_id FROM ${t.runs} WHERE status = 'pending' AND slot <= now()))
           AND ($1::text[] IS NULL OR s.queue = ANY($1::text[]))
         LIMIT $2 FOR UPDATE SKIP LOCKED
       )
       SELECT *, now() AS tx_now FROM due
       UNION ALL SELECT *, now() FROM manual WHERE id NOT IN (SELECT id FROM due)`,
      [request.queues, request.limit]);
    const result: ClaimResult = { runs: [], missed: [], skipped: [] };
    if (rows.length === 0) return result;
    const now = ms(rows[0]!.tx_now);
    const planned = rows.map((row): Planned => {
      const schedule = toSchedule(row);
      const p: Planned = { id: row.id as string, schedule, plan: null, failed: false, skipped: null };
      if (row.plan_due !== true || schedule.nextRunAt === null || schedule.nextRunAt > now) return p;
      try {
        p.plan = request.plan(schedule, now);
      } catch {
        p.plan = { runs: [], nextRunAt: null, nextAtCompletion: false, missed: 0 };
        p.failed = true;
      }
      return p;
    });
    const ids = planned.map((p) => p.id);
    const { running, taken, pending } = await runsOf(tx, t, ids, planned);

    // Runs within maxInstances: planned slots first, then due manual runs, earliest first.
    const wanted: Array<{ p: Planned; slot: number; kind: RunKind; token: string }> = [];
    const starting: Array<{ p: Planned; id: string; token: string }> = [];
    const dropped: string[] = [];
    const room = new Map(planned.map((p) => [p.id, maxInstancesOf(p.schedule) - (running.get(p.id) ?? 0)]));
    const skip = (p: Planned, slot: number): void => {
      result.skipped.push({ name: p.schedule.name, slot });
      p.skipped = skippedOutcome(slot, now);
    };
    for (const p of planned) {
      if (!p.plan) continue;
      if (p.plan.missed > 0) result.missed.push({ name: p.schedule.name, count: p.plan.missed });
      for (const run of p.plan.runs) {
        if (taken.has(`${p.id} ${run.slot} ${run.kind}`)) continue; // ran already: not a skip
        if (room.get(p.id)! <= 0) {
          skip(p, run.slot);
          continue;
        }
        room.set(p.id, room.get(p.id)! - 1);
        wanted.push({ p, slot: run.slot, kind: run.kind, token: randomUUID() });
      }
    }
    const byId = new Map(planned.map((p) => [p.id, p]));
    for (const row of pending) {
      const p = byId.get(row.schedule_id)!;
      if (room.get(p.id)! <= 0) {
        // Skipped as a due slot is; deleted, so that instant may be asked for again.
        skip(p, row.slot);
        dropped.push(row.id);
        continue;
      }
      room.set(p.id, room.get(p.id)! - 1);
      starting.push({ p, id: row.id, token: randomUUID() });
    }
    // Each schedule's new next slot, state and run count, written with the runs in one statement.
    // Written as if every wanted run was inserted and every manual run started: under the row
    // locks held here, with `taken` and `pending` read after them, nothing else can insert or
    // start a run of these schedules, and the count check below rolls back if that ever fails.
    const count = new Map<string, number>();
    const planGoing = new Set<string>();
    for (const w of wanted) {
      count.set(w.p.id, (count.get(w.p.id) ?? 0) + 1);
      if (w.kind !== 'manual') planGoing.add(w.p.id);
    }
    for (const st of starting) count.set(st.p.id, (count.get(st.p.id) ?? 0) + 1);
    const updates = planned.map((p) => {
      const n = count.get(p.id) ?? 0;
      const busy = n > 0 || (running.get(p.id) ?? 0) > 0;
      let next = p.schedule.nextRunAt;
      let state = p.schedule.state;
      if (p.plan) {
        const sequentialGoing = p.plan.nextAtCompletion && planGoing.has(p.id);
        next = p.failed || sequentialGoing ? null : p.plan.nextRunAt;
        state = p.failed ? 'failed' : busy ? 'running' : next === null ? 'finished' : 'scheduled';
      } else if (!p.schedule.paused && n > 0) state = 'running';
      p.schedule = { ...p.schedule, nextRunAt: next, state, runs: p.schedule.runs + n, lastOutcome: p.skipped ?? p.schedule.lastOutcome };
      return { id: p.id, next, state, count: n, skipped: json(p.skipped) };
    });
    const leaseUntil = iso(now + request.leaseMs);
    const attempts = json([attemptStarted(1, request.instanceId, now)]);
    const rCols = INSERTED_COLUMNS.split(', ').map((c) => `r.${c}`).join(', ');
    const startedRows = await tx.query<DbRow>(
      `WITH ins AS (
         INSERT INTO ${t.runs} (schedule_id, slot, kind, token, status, attempt, instance_id, lease_until, started_at, attempts)
         SELECT u.schedule_id, u.slot, u.kind, u.token, 'running', 1, $5, $6::timestamptz, $7::timestamptz, $8::jsonb
         FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[]) AS u(schedule_id, slot, kind, token)
         ON CONFLICT (schedule_id, slot, kind) DO NOTHING
         RETURNING ${INSERTED_COLUMNS}
       ), man AS (
         UPDATE ${t.runs} r SET status = 'running', attempt = 1, token = u.new_token, instance_id = $5, lease_until = $6::timestamptz,
           started_at = $7::timestamptz, attempts = $8::jsonb
         FROM unnest($9::bigint[], $10::text[]) AS u(run_id, new_token)
         WHERE r.id = u.run_id AND r.status = 'pending'
         RETURNING ${rCols}
       ), del AS (
         DELETE FROM ${t.runs} WHERE id = ANY($11::bigint[]) AND status = 'pending' RETURNING id
       ), upd AS (
         UPDATE ${t.schedules} s SET next_run_at = u.next, state = u.state, runs = s.runs + u.count,
           last_outcome = COALESCE(u.skipped::jsonb, s.last_outcome)
         FROM unnest($12::bigint[], $13::timestamptz[], $14::text[], $15::int[], $16::text[]) AS u(id, next, state, count, skipped)
         WHERE s.id = ANY($12::bigint[]) AND s.id = u.id RETURNING s.id
       )
       SELECT *, NULL::timestamptz AS soonest FROM ins UNION ALL SELECT *, NULL FROM man
       UNION ALL SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
         ${soonestDue(t, request.queues, '$17', { schedules: '$12', runs: ['$9', '$11'] })}`,
      [wanted.map((w) => w.p.id), wanted.map((w) => iso(w.slot)), wanted.map((w) => w.kind), wanted.map((w) => w.token),
        request.instanceId, leaseUntil, iso(now), attempts, starting.map((st) => st.id), starting.map((st) => st.token), dropped,
        updates.map((u) => u.id), updates.map((u) => iso(u.next)), updates.map((u) => u.state), updates.map((u) => u.count),
        updates.map((u) => u.skipped), request.queues]);
    // The last branch's one row carries the soonest due time, not a run.
    const soonest = startedRows.splice(startedRows.findIndex((row) => row.id === null), 1)[0]!.soonest;
    if (startedRows.length !== wanted.length + starting.length) {
      throw new Error(`claim: ${wanted.length + starting.length} runs planned under their schedules' locks, ${startedRows.length} written; rolled back`);
    }
    const started = new Map<string, DbRow[]>();
    for (const row of startedRows) started.set(row.schedule_id as string, [...(started.get(row.schedule_id as string) ?? []), row]);

    for (const p of planned) for (const row of started.get(p.id) ?? []) result.runs.push(toClaimed(row, p.schedule));
    // The statement saw this claim's schedules as they were: their new next slots come from here.
    let next = soonest === null ? null : ms(soonest);
    for (const p of planned) {
      const at = p.schedule.nextRunAt;
      if (!p.schedule.paused && at !== null && (next === null || at < next)) next = at;
    }
    result.nextDueAt = next;
    return result;
  }, CLAIM_SETTINGS);
}

/**
 * The claim's scans must follow schedules_due's order and stop at the limit. With statistics
 * taken before a burst came due, the planner believes few rows are due and reads all of them
 * to sort instead: 20 000 due rows made each claim 40-160 ms (benchmarks W9).
 */
const CLAIM_SETTINGS = 'SET LOCAL enable_sort = off; SET LOCAL enable_bitmapscan = off';

/**
 * A manual run at `at` (kind 'manual'), recorded pending: the claim of whichever process serves
 * the schedule's queue starts it once due. Null when that instant already has one.
 */
export async function requestRun(db: Db, t: Names, name: string, at: number, options: RequestRunOptions = {}): Promise<RequestedRun | null> {
  if (!Number.isFinite(at)) throw invalidType('at', 'an instant (epoch ms)', at);
  checkRequestOptions(options);
  return db.transaction(async (tx) => {
    const now = await txNow(tx);
    // The row lock serialises this with claims of the same schedule.
    const [row] = await tx.query<DbRow>(`SELECT ${SCHEDULE_COLUMNS} FROM ${t.schedules} WHERE name = $1 FOR UPDATE`, [name]);
    if (!row) throw new TaskNotFoundError(name, 'run');
    // The 'manual' kind keeps a run-now off the scheduled slot at the same instant (UNIQUE).
    const [inserted] = await tx.query<DbRow>(
      `INSERT INTO ${t.runs} (schedule_id, slot, kind, status, attempt, attempts)
       VALUES ($1, $2::timestamptz, 'manual', 'pending', 0, '[]'::jsonb)
       ON CONFLICT (schedule_id, slot, kind) DO NOTHING RETURNING id::text AS id`, [row.id, iso(at)]);
    if (!inserted) return null;
    const schedule = toSchedule(row);
    if (options.skipNext && schedule.nextRunAt !== null) {
      const next = iso(options.skipNext(schedule, now));
      await tx.query(
        `UPDATE ${t.schedules} s SET next_run_at = $2::timestamptz, paused_at = CASE WHEN s.paused THEN $2::timestamptz ELSE s.paused_at END,
           state = CASE WHEN s.paused THEN 'paused'
             WHEN EXISTS (SELECT 1 FROM ${t.runs} o WHERE o.schedule_id = s.id AND o.status = 'running') THEN 'running'
             WHEN s.state = 'failed' THEN 'failed'
             WHEN $2::timestamptz IS NULL THEN 'finished' ELSE 'scheduled' END
         WHERE s.id = $1`, [row.id, next]);
    }
    await tx.query('SELECT pg_notify($1, $2)', [t.channel, json({ type: 'run-requested', name, at } satisfies StoreEvent)]);
    return { id: inserted.id as string, name, slot: at, kind: 'manual' as const };
  });
}

/** The database's now(), which is also what every statement of this transaction sees. */
export async function txNow(tx: Queryable): Promise<number> {
  const [row] = await tx.query<{ now: unknown }>('SELECT now() AS now');
  return ms(row?.now);
}

/**
 * One read, after the locks: running runs per schedule, due pending manual runs (earliest
 * first), and `schedule slot kind` keys of the planned runs that exist already.
 */
async function runsOf(tx: Queryable, t: Names, ids: string[], planned: Planned[]): Promise<{
  running: Map<string, number>; taken: Set<string>; pending: Array<{ id: string; schedule_id: string; slot: number }>;
}> {
  const pIds: string[] = [];
  const slots: Array<string | null> = [];
  const kinds: string[] = [];
  for (const p of planned) {
    for (const run of p.plan?.runs ?? []) {
      pIds.push(p.id);
      slots.push(iso(run.slot));
      kinds.push(run.kind);
    }
  }
  const rows = await tx.query<DbRow>(
    `SELECT 'running' AS what, schedule_id::text AS id, count(*)::int AS n, NULL::text AS run_id, NULL::timestamptz AS slot, NULL::text AS kind
       FROM ${t.runs} WHERE status = 'running' AND schedule_id = ANY($1::bigint[]) GROUP BY schedule_id
     UNION ALL SELECT 'pending', schedule_id::text, NULL, id::text, slot, NULL
       FROM ${t.runs} WHERE schedule_id = ANY($1::bigint[]) AND status = 'pending' AND slot <= now()
     UNION ALL SELECT 'taken', r.schedule_id::text, NULL, NULL, r.slot, r.kind FROM ${t.runs} r
       JOIN unnest($2::bigint[], $3::timestamptz[], $4::text[]) AS u(id, slot, kind)
         ON r.schedule_id = u.id AND r.slot = u.slot AND r.kind = u.kind`, [ids, pIds, slots, kinds]);
  const running = new Map<string, number>();
  const taken = new Set<string>();
  const pending: Array<{ id: string; schedule_id: string; slot: number }> = [];
  for (const r of rows) {
    if (r.what === 'running') running.set(r.id as string, Number(r.n));
    else if (r.what === 'pending') pending.push({ id: r.run_id as string, schedule_id: r.id as string, slot: ms(r.slot) });
    else taken.add(`${r.id as string} ${ms(r.slot)} ${r.kind as string}`);
  }
  pending.sort((a, b) => a.slot - b.slot || Number(a.id) - Number(b.id));
  return { running, taken, pending };
}
