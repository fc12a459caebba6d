/**
 * A run's life after its claim: leases, completion, recovery of runs whose process died,
 * history and pruning. Fencing: every write to a running run matches `id AND token AND
 * status = 'running'`, and each claim or retry gets a fresh token, so a process that lost its
 * lease (and its run to another attempt) can no longer renew or complete it.
 */
import { randomUUID } from 'node:crypto';
import type { PruneOptions, RecoverRequest, RecoverResult, RunEnd, RunOutcome, RunRow, StoredOutcome } from '../store.js';
import { invalidType } from '../../errors.js';
import { checkCount, checkLease } from '../memory-rows.js';
import type { Db } from './connection.js';
import { attemptStarted, iso, json, ms, RUN_COLUMNS, S_SCHEDULE_COLUMNS, toClaimed, toRun, toSchedule } from './rows.js';
import type { DbRow, Names } from './rows.js';

/** A schedule's state once one of its runs ended, from its (new) next slot; `ended`: a subquery of the ids of runs that ended, when the table does not show it ended yet. */
const stateAfterRun = (t: Names, next: string, ended?: string): string => `CASE
    WHEN s.paused THEN 'paused'
    WHEN EXISTS (SELECT 1 FROM ${t.runs} o WHERE o.schedule_id = s.id AND o.status = 'running'${ended ? ` AND o.id NOT IN ${ended}` : ''}) THEN 'running'
    WHEN s.state = 'failed' THEN 'failed'
    WHEN ${next} IS NULL THEN 'finished' ELSE 'scheduled' END`;

/**
 * A sequential schedule's next slot ($n), written only into the gap its claim left (next_run_at
 * null): a spec updated while the run went on keeps the slot it was given. `$flag` says
 * whether there is a slot to write at all.
 */
const nextIntoGap = (flag: string, n: string): string => `CASE WHEN ${flag} AND s.next_run_at IS NULL THEN ${n}::timestamptz ELSE s.next_run_at END`;

/** Run ids are bigserial: anything else names no run (and must not reach a bigint cast). */
const isRunId = (id: string): boolean => /^[1-9][0-9]{0,17}$/.test(id);

export async function heartbeat(db: Db, t: Names, all: ReadonlyArray<{ id: string; token: string }>, leaseMs: number): Promise<string[]> {
  checkLease(leaseMs);
  const runs = all.filter((r) => isRunId(r.id));
  const held = runs.length === 0 ? [] : await db.query<{ id: string; token: string }>(
    `UPDATE ${t.runs} r SET lease_until = now() + $3 * interval '1 millisecond'
     FROM unnest($1::bigint[], $2::text[]) AS u(id, token)
     WHERE r.id = u.id AND r.token = u.token AND r.status = 'running' RETURNING r.id::text AS id, r.token`,
    [runs.map((r) => r.id), runs.map((r) => r.token), leaseMs]);
  const still = new Set(held.map((r) => `${r.id} ${r.token}`));
  return all.filter((r) => !still.has(`${r.id} ${r.token}`)).map((r) => r.id);
}

/** `completeMany` for one run. */
export async function complete(db: Db, t: Names, run: { id: string; token: string }, outcome: RunOutcome, nextRunAt?: number | null): Promise<boolean> {
  return (await completeMany(db, t, [{ run, outcome, nextRunAt }])).length === 0;
}

/**
 * One statement (atomic on its own, so no BEGIN/COMMIT) for any number of run ends: the runs'
 * ends, then per schedule its failures, last outcome (the latest end given), next slot and
 * state. A statement per run made completion the bottleneck of a busy process (benchmarks W9).
 * The schedules' UPDATE sees the table as before the statement, so the runs ended here still
 * look 'running' there: excluded by id. Returns the ids not recorded (fenced off).
 */
export async function completeMany(db: Db, t: Names, ends: ReadonlyArray<RunEnd>): Promise<string[]> {
  const valid = ends.filter((end) => isRunId(end.run.id));
  if (valid.length === 0) return ends.map((end) => end.run.id);
  const column = <T>(pick: (end: RunEnd) => T): T[] => valid.map(pick);
  // durationMs and latenessMs are added in SQL from the run's started_at and slot (StoredOutcome).
  const patch = (o: RunOutcome): string | null => json({ status: o.status, finishedAt: o.finishedAt, ...(o.error ? { error: o.error } : {}) });
  const last = (o: RunOutcome): string | null => json({ status: o.status, at: o.finishedAt, ...(o.error ? { error: o.error } : {}) });
  const next = nextIntoGap('a.has_next', 'a.next');
  const msBetween = (a: string, b: string): string => `greatest(0, floor(extract(epoch FROM (${a} - ${b})) * 1000))::bigint`;
  const done = await db.query<{ id: string }>(
    `WITH u AS (
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::timestamptz[], $5::jsonb[], $6::jsonb[], $7::bool[], $8::timestamptz[])
         WITH ORDINALITY AS u(id, token, status, finished_at, patch, last, has_next, next, ord)
     ), done AS (
       UPDATE ${t.runs} r SET status = u.status, finished_at = u.finished_at, lease_until = NULL,
         attempts = jsonb_set(r.attempts, ARRAY[(jsonb_array_length(r.attempts) - 1)::text], (r.attempts -> -1) || u.patch)
       FROM u WHERE r.id = ANY($1::bigint[]) AND r.id = u.id AND r.token = u.token AND r.status = 'running'
       RETURNING r.id, r.schedule_id, r.slot, r.started_at, u.status, u.finished_at, u.last, u.has_next, u.next, u.ord
     ), a AS (
       SELECT schedule_id, count(*) FILTER (WHERE status <> 'success')::int AS failed, bool_or(has_next) AS has_next,
         (array_agg(next ORDER BY ord DESC) FILTER (WHERE has_next))[1] AS next,
         (array_agg(last || jsonb_build_object('durationMs', ${msBetween('finished_at', 'started_at')}, 'latenessMs', ${msBetween('started_at', 'slot')})
           ORDER BY ord DESC))[1] AS outcome
       FROM done GROUP BY schedule_id
     ), outcome AS (
       UPDATE ${t.schedules} s SET failures = failures + a.failed, next_run_at = ${next}, last_outcome = a.outcome,
         paused_at = CASE WHEN s.paused THEN ${next} ELSE s.paused_at END, state = ${stateAfterRun(t, next, '(SELECT id FROM done)')}
       FROM a WHERE s.id = a.schedule_id RETURNING s.id
     )
     SELECT id::text AS id FROM done`,
    [column((e) => e.run.id), column((e) => e.run.token), column((e) => e.outcome.status), column((e) => iso(e.outcome.finishedAt)),
      column((e) => patch(e.outcome)), column((e) => last(e.outcome)), column((e) => e.nextRunAt !== undefined), column((e) => iso(e.nextRunAt))]);
  const recorded = new Set(done.map((row) => row.id));
  return ends.filter((end) => !recorded.has(end.run.id)).map((end) => end.run.id);
}

/**
 * Runs still 'running' after their lease: their process died or stalled. FOR UPDATE SKIP
 * LOCKED: two recovering processes never take the same lost run.
 */
export async function recoverLost(db: Db, t: Names, request: RecoverRequest): Promise<RecoverResult> {
  checkCount('limit', request.limit);
  checkLease(request.leaseMs);
  return db.transaction(async (tx) => {
    const rows = await tx.query<DbRow>(
      `SELECT r.id::text AS run_id, r.slot, r.kind, r.attempt, now() AS tx_now, ${S_SCHEDULE_COLUMNS}
       FROM ${t.runs} r JOIN ${t.schedules} s ON s.id = r.schedule_id
       WHERE r.status = 'running' AND r.lease_until < now() AND ($2::text[] IS NULL OR s.queue = ANY($2::text[]))
       ORDER BY r.lease_until LIMIT $1 FOR UPDATE OF r SKIP LOCKED`, [request.limit, request.queues]);
    const result: RecoverResult = { retried: [], failed: [] };
    if (rows.length === 0) return result;
    const now = ms(rows[0]!.tx_now);
    const lost = json({ status: 'lost', finishedAt: now });
    for (const row of rows) {
      const schedule = toSchedule(row);
      const attempt = Number(row.attempt);
      const { onLost, maxAttempts, nextRunAt } = request.policy(schedule);
      if (onLost === 'retry' && attempt < maxAttempts) {
        // A new attempt under a fresh token: the old holder, if it still lives, is fenced off.
        const [taken] = await tx.query<DbRow>(
          `UPDATE ${t.runs} SET attempt = attempt + 1, token = $2, instance_id = $3, lease_until = $4::timestamptz,
             started_at = $5::timestamptz,
             attempts = jsonb_set(attempts, ARRAY[(jsonb_array_length(attempts) - 1)::text], (attempts -> -1) || $6::jsonb) || $7::jsonb
           WHERE id = $1 RETURNING id::text AS id, slot, kind, token, attempt, lease_until, started_at`,
          [row.run_id, randomUUID(), request.instanceId, iso(now + request.leaseMs), iso(now), lost,
            json([attemptStarted(attempt + 1, request.instanceId, now)])]);
        result.retried.push(toClaimed(taken!, schedule));
        continue;
      }
      const [gone] = await tx.query<DbRow>(
        `UPDATE ${t.runs} SET status = 'lost', finished_at = $2::timestamptz, lease_until = NULL,
           attempts = jsonb_set(attempts, ARRAY[(jsonb_array_length(attempts) - 1)::text], (attempts -> -1) || $3::jsonb)
         WHERE id = $1 RETURNING schedule_id::text AS schedule_id, slot, started_at`, [row.run_id, iso(now), lost]);
      const startedAt = ms(gone!.started_at);
      const last: StoredOutcome = { status: 'lost', at: now, durationMs: Math.max(0, now - startedAt), latenessMs: Math.max(0, startedAt - ms(gone!.slot)) };
      const next = nextIntoGap('$3', '$4');
      await tx.query(
        `UPDATE ${t.schedules} s SET last_outcome = $2::jsonb, failures = failures + 1, next_run_at = ${next},
           paused_at = CASE WHEN s.paused THEN ${next} ELSE s.paused_at END, state = ${stateAfterRun(t, next)}
         WHERE s.id = $1`, [gone!.schedule_id, json(last), nextRunAt !== undefined, iso(nextRunAt)]);
      result.failed.push({ name: schedule.name, slot: ms(row.slot), attempt });
    }
    return result;
  });
}

/** The schedule's latest runs, newest slot first. */
export async function runs(db: Db, t: Names, name: string, limit: number): Promise<RunRow[]> {
  checkCount('limit', limit);
  const rows = await db.query<DbRow>(
    `SELECT ${RUN_COLUMNS.split(',').map((c) => `r.${c.trim()}`).join(', ')}, s.name
     FROM ${t.runs} r JOIN ${t.schedules} s ON s.id = r.schedule_id
     WHERE s.name = $1 ORDER BY r.slot DESC, r.id DESC LIMIT $2`, [name, limit]);
  return rows.map(toRun);
}

/**
 * Deletes finished runs beyond `keepRuns` per schedule (newest slots kept) or finished more
 * than `keepForMs` ago, oldest first and at most `batch` per call, so a large backlog is
 * worked off in bounded statements.
 */
export async function prune(db: Db, t: Names, options: PruneOptions): Promise<number> {
  const { keepRuns, keepForMs, batch = 1000 } = options;
  if (keepRuns !== undefined && (!Number.isInteger(keepRuns) || keepRuns < 0)) throw invalidType('keepRuns', 'an integer ≥ 0', keepRuns);
  if (keepForMs !== undefined && (!Number.isFinite(keepForMs) || keepForMs < 0)) throw invalidType('keepForMs', 'a finite number ≥ 0 (ms)', keepForMs);
  checkCount('batch', batch);
  if (keepRuns === undefined && keepForMs === undefined) return 0;
  const rows = await db.query(
    `DELETE FROM ${t.runs} WHERE id IN (
       SELECT id FROM (
         SELECT id, finished_at, row_number() OVER (PARTITION BY schedule_id ORDER BY slot DESC, id DESC) AS rank
         FROM ${t.runs} WHERE status NOT IN ('running', 'pending')) f
       WHERE ($1::int IS NOT NULL AND f.rank > $1::int)
          OR ($2::float8 IS NOT NULL AND f.finished_at < now() - $2::float8 * interval '1 millisecond')
       ORDER BY f.finished_at, f.id LIMIT $3)
     RETURNING id`, [keepRuns ?? null, keepForMs ?? null, batch]);
  return rows.length;
}
