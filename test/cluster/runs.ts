/**
 * What the cluster tests assert, read from the runs table after the processes stopped: one
 * run per (schedule, slot), every one-second slot of a window run, lost runs retried, and no
 * run started before its slot (slot and start times are both the database's).
 */
import { withClient } from './cluster.js';

export interface RunRecord {
  name: string;
  slot: number;
  kind: string;
  status: string;
  attempt: number;
  instanceId: string;
  startedAt: number;
  attempts: Array<{ attempt: number; instanceId: string; status: string; startedAt: number; finishedAt: number | null }>;
}

export async function readRuns(url: string, schema: string): Promise<RunRecord[]> {
  return withClient(url, async (c) => {
    const { rows } = await c.query(
      `SELECT s.name, r.slot, r.kind, r.status, r.attempt, r.instance_id, r.started_at, r.attempts
       FROM ${schema}.runs r JOIN ${schema}.schedules s ON s.id = r.schedule_id ORDER BY s.name, r.slot`);
    return rows.map((row) => ({
      name: row.name as string, slot: (row.slot as Date).getTime(), kind: row.kind as string, status: row.status as string,
      attempt: Number(row.attempt), instanceId: row.instance_id as string, startedAt: (row.started_at as Date).getTime(),
      attempts: row.attempts as RunRecord['attempts'],
    }));
  });
}

/** (schedule, slot) pairs with more than one run, straight from SQL: of kind 'scheduled', and of any kind but manual. */
export async function duplicates(url: string, schema: string): Promise<{ scheduled: unknown[]; anyKind: unknown[] }> {
  return withClient(url, async (c) => {
    const query = (where: string) => c.query(
      `SELECT s.name, r.slot, count(*)::int AS n FROM ${schema}.runs r JOIN ${schema}.schedules s ON s.id = r.schedule_id
       WHERE ${where} GROUP BY s.name, r.slot HAVING count(*) > 1`);
    return { scheduled: (await query(`r.kind = 'scheduled'`)).rows, anyKind: (await query(`r.kind <> 'manual'`)).rows };
  });
}

export interface Analysis {
  runs: number;
  slotsChecked: number;
  /** `name@iso` of every grid slot in the window with no run, none explained by a held lease. */
  missing: string[];
  /**
   * Grid slots with no run because a lost attempt of the same schedule still held its lease
   * then: maxInstances (default 1, overlap 'skip') counts a dead process's run until its lease
   * runs out, since a stalled holder cannot be told from a dead one before that.
   */
  skippedForLease: string[];
  /** Runs whose slot is not on their schedule's one-second grid. */
  offGrid: string[];
  /** Runs that started (any attempt) before their slot. */
  early: string[];
  /** Runs taken over after a lost lease (attempt > 1). */
  retried: number;
  /** Runs not ended in success, nor lost on every one of their `maxAttempts` (onLost 'retry'). */
  unfinished: string[];
  /** Runs marked lost for good: lost on each of their `maxAttempts` attempts, as onLost says. */
  lostForGood: number;
  /** Retried runs whose history is not `lost` attempts followed by the final one. */
  badRetries: string[];
  byKind: Record<string, number>;
}

/**
 * Checks every schedule's runs against its 1 s grid (anchored at its own slots) for the
 * window [from, to] (database time): each grid slot in it must have a run of one of `kinds`,
 * or (with `maxInstancesSkip`) fall inside a lost attempt's lease.
 */
export function analyse(runs: RunRecord[], schedules: string[], from: number, to: number, kinds = ['scheduled'], maxInstancesSkip = true, maxAttempts = 3): Analysis {
  const out: Analysis = { runs: runs.length, slotsChecked: 0, missing: [], skippedForLease: [], offGrid: [], early: [], retried: 0, unfinished: [], lostForGood: 0, badRetries: [], byKind: {} };
  const byName = new Map<string, RunRecord[]>();
  for (const run of runs) {
    byName.set(run.name, [...(byName.get(run.name) ?? []), run]);
    out.byKind[run.kind] = (out.byKind[run.kind] ?? 0) + 1;
    const label = `${run.name}@${new Date(run.slot).toISOString()}#${run.kind}`;
    if (run.startedAt < run.slot || run.attempts.some((a) => a.startedAt < run.slot)) out.early.push(label);
    const spent = run.status === 'lost' && run.attempt === maxAttempts && run.attempts.every((a) => a.status === 'lost');
    if (spent) out.lostForGood++;
    else if (run.status !== 'success') out.unfinished.push(`${label} ${run.status} attempt ${run.attempt}`);
    if (run.attempt > 1) {
      out.retried++;
      const history = run.attempts;
      const ok = history.length === run.attempt
        && history.every((a, i) => a.attempt === i + 1)
        && history.slice(0, -1).every((a) => a.status === 'lost')
        && history.at(-1)!.status === run.status;
      if (!ok) out.badRetries.push(`${label} ${JSON.stringify(history)}`);
    }
  }
  for (const name of schedules) {
    const mine = byName.get(name) ?? [];
    if (mine.length === 0) {
      out.missing.push(`${name}: no runs at all`);
      continue;
    }
    const anchor = mine[0]!.slot;
    for (const run of mine) if ((run.slot - anchor) % 1000 !== 0) out.offGrid.push(`${name}@${new Date(run.slot).toISOString()}`);
    const have = new Set(mine.filter((r) => kinds.includes(r.kind)).map((r) => r.slot));
    const held = mine.flatMap((r) => r.attempts.filter((a) => a.status === 'lost').map((a) => [a.startedAt, a.finishedAt ?? Infinity] as const));
    const first = anchor + Math.ceil((from - anchor) / 1000) * 1000;
    for (let at = first; at <= to; at += 1000) {
      out.slotsChecked++;
      if (have.has(at)) continue;
      const label = `${name}@${new Date(at).toISOString()}`;
      if (maxInstancesSkip && held.some(([start, end]) => start <= at && at <= end)) out.skippedForLease.push(label);
      else out.missing.push(label);
    }
  }
  return out;
}

/** The instance ids of runs' attempts, for telling which process did what. */
export function attemptsBy(runs: RunRecord[], instanceIds: Set<string>): number {
  let n = 0;
  for (const run of runs) for (const a of run.attempts) if (instanceIds.has(a.instanceId)) n++;
  return n;
}

/**
 * Waits (up to `maxMs`) until the processes have caught up: no schedule overdue by more than
 * a second and no running run whose lease ran out. Returns how long that took, ms.
 */
export async function caughtUp(url: string, schema: string, maxMs = 60_000): Promise<number> {
  const began = Date.now();
  while (Date.now() - began < maxMs) {
    const behind = await withClient(url, async (c) => Number((await c.query(
      `SELECT (SELECT count(*) FROM ${schema}.schedules WHERE next_run_at < now() - interval '1 second')
            + (SELECT count(*) FROM ${schema}.runs WHERE status = 'running' AND lease_until < now()) AS n`)).rows[0].n));
    if (behind === 0) return Date.now() - began;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the processes did not catch up within ${maxMs} ms`);
}

/**
 * The slots the processes said they passed over by policy, as `name@iso`: the workers name
 * each `skip` (maxInstances) and each `missed` range (catchUp) on stderr; slots are 1 s apart.
 * `only: 'skip'`: the skipped ones alone.
 */
export function passedOver(stderrs: string[], only: 'skip' | 'any' = 'any'): Set<string> {
  const out = new Set<string>();
  for (const text of stderrs) {
    for (const line of text.split('\n')) {
      const skip = /^skip (\S+) (\S+)$/.exec(line);
      if (skip) out.add(`${skip[1]}@${skip[2]}`);
      if (only === 'skip' || !line.startsWith('missed ')) continue;
      const { task, first: from, last } = JSON.parse(line.slice(7)) as { task: string; first: string; last: string };
      for (let at = Date.parse(from); at <= Date.parse(last); at += 1000) out.add(`${task}@${new Date(at).toISOString()}`);
    }
  }
  return out;
}

export const first = <T>(items: T[], n = 10): T[] => items.slice(0, n);
