/**
 * Declaring, reading, pausing and deleting schedules. Every process declares the same
 * schedules at start-up, so declaring is an upsert by name that leaves an unchanged schedule
 * exactly as it was (its slot grid and state included).
 */
import { sameSpec } from '../store.js';
import type { ScheduleRow, ScheduleSpec, UpsertResult } from '../store.js';
import type { Db } from './connection.js';
import { iso, json, ms, SCHEDULE_COLUMNS, toSchedule } from './rows.js';
import type { DbRow, Names } from './rows.js';

/** `$n::text[] IS NULL OR queue = ANY($n)`: null means every queue. */
const queueFilter = (n: number): string => `($${n}::text[] IS NULL OR queue = ANY($${n}::text[]))`;

export async function upsertSchedule(db: Db, t: Names, spec: ScheduleSpec, firstSlot: number | null): Promise<{ result: UpsertResult; schedule: ScheduleRow }> {
  const values = [spec.name, spec.type, json(spec.options), json(spec.action), json(spec.args), json(spec.kw), spec.queue, spec.source];
  return db.transaction(async (tx) => {
    // ON CONFLICT DO NOTHING: of N processes declaring a new schedule at once, one creates it
    // and the others fall through to compare against it (the UNIQUE name decides).
    const [created] = await tx.query<DbRow>(
      `INSERT INTO ${t.schedules} (name, type, options, action, args, kw, queue, source, next_run_at, state)
       VALUES ($1, $2, $3::jsonb, $4::jsonb, $5::jsonb, $6::jsonb, $7, $8, $9::timestamptz, $10)
       ON CONFLICT (name) DO NOTHING RETURNING ${SCHEDULE_COLUMNS}`,
      [...values, iso(firstSlot), firstSlot === null ? 'finished' : 'scheduled']);
    if (created) return { result: 'created' as const, schedule: toSchedule(created) };
    const [existing] = await tx.query<DbRow>(`SELECT ${SCHEDULE_COLUMNS} FROM ${t.schedules} WHERE name = $1 FOR UPDATE`, [spec.name]);
    if (!existing) throw new Error(`Schedule "${spec.name}" vanished during its upsert`);
    const current = toSchedule(existing);
    if (sameSpec(current, spec)) return { result: 'unchanged' as const, schedule: current };
    // A new spec starts a new slot grid at firstSlot; a paused schedule stays paused there.
    const [updated] = await tx.query<DbRow>(
      `UPDATE ${t.schedules} SET type = $2, options = $3::jsonb, action = $4::jsonb, args = $5::jsonb, kw = $6::jsonb,
         queue = $7, source = $8, next_run_at = $9::timestamptz,
         paused_at = CASE WHEN paused THEN $9::timestamptz END,
         state = CASE WHEN paused THEN 'paused' WHEN $9::timestamptz IS NULL THEN 'finished' ELSE 'scheduled' END,
         version = version + 1, updated_at = now()
       WHERE name = $1 RETURNING ${SCHEDULE_COLUMNS}`,
      [...values, iso(firstSlot)]);
    return { result: 'updated' as const, schedule: toSchedule(updated!) };
  });
}

export async function getSchedule(db: Db, t: Names, name: string): Promise<ScheduleRow | null> {
  const [row] = await db.query<DbRow>(`SELECT ${SCHEDULE_COLUMNS} FROM ${t.schedules} WHERE name = $1`, [name]);
  return row ? toSchedule(row) : null;
}

export async function listSchedules(db: Db, t: Names, queues: readonly string[] | null = null): Promise<ScheduleRow[]> {
  const rows = await db.query<DbRow>(`SELECT ${SCHEDULE_COLUMNS} FROM ${t.schedules} WHERE ${queueFilter(1)} ORDER BY name`, [queues]);
  return rows.map(toSchedule);
}

/** Its runs go with it (ON DELETE CASCADE). */
export async function deleteSchedule(db: Db, t: Names, name: string): Promise<boolean> {
  const rows = await db.query(`DELETE FROM ${t.schedules} WHERE name = $1 RETURNING id`, [name]);
  return rows.length > 0;
}

export async function setPaused(
  db: Db, t: Names, name: string | null, paused: boolean,
  resumeAt?: (schedule: ScheduleRow, now: number) => number | null,
): Promise<number> {
  if (paused) {
    // next_run_at stays as it was (claims skip paused rows); paused_at remembers the grid.
    const rows = await db.query(
      `UPDATE ${t.schedules} SET paused = true, paused_at = next_run_at, state = 'paused', updated_at = now()
       WHERE NOT paused AND ($1::text IS NULL OR name = $1) RETURNING id`, [name]);
    return rows.length;
  }
  return db.transaction(async (tx) => {
    const [clock] = await tx.query<{ now: unknown }>('SELECT now() AS now');
    const now = ms(clock?.now);
    const rows = await tx.query<DbRow>(
      `SELECT ${SCHEDULE_COLUMNS} FROM ${t.schedules} WHERE paused AND ($1::text IS NULL OR name = $1) ORDER BY name FOR UPDATE`, [name]);
    if (rows.length === 0) return 0;
    const ids = rows.map((row) => row.id as string);
    const next = rows.map((row) => {
      const schedule = toSchedule(row);
      return iso(resumeAt ? resumeAt(schedule, now) : schedule.pausedAt);
    });
    await tx.query(
      `UPDATE ${t.schedules} s SET paused = false, paused_at = NULL, next_run_at = u.next, updated_at = now(),
         state = CASE
           WHEN EXISTS (SELECT 1 FROM ${t.runs} r WHERE r.schedule_id = s.id AND r.status = 'running') THEN 'running'
           WHEN u.next IS NULL THEN 'finished' ELSE 'scheduled' END
       FROM unnest($1::bigint[], $2::timestamptz[]) AS u(id, next) WHERE s.id = u.id`, [ids, next]);
    return rows.length;
  });
}

/**
 * The SQL expression for the soonest due time of the queues in parameter `queuesParam` (null:
 * every queue): an unpaused schedule's next slot, or a pending manual run (it counts whether
 * its schedule is paused or not: it runs either way). Per queue, the head of its range of
 * schedules_due (min() over `queue = ANY(...)` would read every row of those queues).
 * `leaving` (parameters of bigint arrays) excludes schedules and runs a claim is taking in the
 * same statement, which still look due there.
 */
export function soonestDue(t: Names, queues: readonly string[] | null, queuesParam: string, leaving?: { schedules: string; runs: string[] }): string {
  const notTaken = leaving ? ` AND id <> ALL(${leaving.schedules}::bigint[])` : '';
  const slots = queues === null
    ? `SELECT min(next_run_at) FROM ${t.schedules} WHERE NOT paused${notTaken}`
    : `SELECT min(d.at) FROM unnest(${queuesParam}::text[]) AS q(queue), LATERAL (SELECT next_run_at AS at FROM ${t.schedules}
         WHERE queue = q.queue AND NOT paused AND next_run_at IS NOT NULL${notTaken} ORDER BY next_run_at LIMIT 1) d`;
  const runsLeft = (leaving?.runs ?? []).map((param) => ` AND r.id <> ALL(${param}::bigint[])`).join('');
  return `LEAST((${slots}), (SELECT min(r.slot) FROM ${t.runs} r JOIN ${t.schedules} s ON s.id = r.schedule_id
    WHERE r.status = 'pending'${runsLeft} AND (${queuesParam}::text[] IS NULL OR s.queue = ANY(${queuesParam}::text[]))))`;
}

export async function nextDueAt(db: Db, t: Names, queues: readonly string[] | null): Promise<number | null> {
  const [row] = await db.query<{ at: unknown }>(`SELECT ${soonestDue(t, queues, '$1')} AS at`, [queues]);
  return row?.at === null || row?.at === undefined ? null : ms(row.at);
}
