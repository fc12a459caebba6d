/**
 * The MemoryStore's claim: due schedules (by their next slot, or by a pending manual run) are
 * planned and their runs started in one synchronous step, as one transaction does in SQL.
 */
import createDebug from 'debug';
import { describeError } from '../errors.js';
import { claimed, clone, compareText, maxInstancesOf, priorityOf } from './memory-rows.js';
import type { MemoryRun, MemoryRuns } from './memory-runs.js';
import type { ClaimPlan, ClaimRequest, ClaimResult, ScheduleRow } from './store.js';

const debug = createDebug('kronos:store');

export interface Entry {
  row: ScheduleRow;
  /** Its rule threw in `plan`: state 'failed' until the spec is updated or it is resumed. */
  failed: boolean;
}

/** Writes a schedule's next slot (and where a paused one stands). */
export function writeNext(row: ScheduleRow, nextRunAt: number | null): void {
  row.nextRunAt = nextRunAt;
  if (row.paused) row.pausedAt = nextRunAt;
}

export function claimDue(entries: Iterable<Entry>, runs: MemoryRuns, request: ClaimRequest, now: number, settle: (entry: Entry) => void): ClaimResult {
  const planDue = (row: ScheduleRow): boolean => !row.paused && row.nextRunAt !== null && row.nextRunAt <= now;
  // Due by its next slot or by a pending manual run (those run paused or not, as in memory).
  const dueAt = (row: ScheduleRow): number => Math.min(planDue(row) ? row.nextRunAt! : Infinity, runs.pendingDue(row.name, now)[0]?.slot ?? Infinity);
  const due = [...entries]
    .filter(({ row }) => (request.queues === null || request.queues.includes(row.queue)) && dueAt(row) <= now)
    .sort((a, b) => dueAt(a.row) - dueAt(b.row) || priorityOf(a.row) - priorityOf(b.row) || compareText(a.row.name, b.row.name))
    .slice(0, request.limit);
  const result: ClaimResult = { runs: [], missed: [], skipped: [] };
  for (const entry of due) {
    const row = entry.row;
    const maxInstances = maxInstancesOf(row);
    const inserted: MemoryRun[] = [];
    const skip = (slot: number): void => {
      row.lastOutcome = { status: 'skipped', at: now, durationMs: 0, latenessMs: now - slot };
      result.skipped.push({ name: row.name, slot });
    };
    if (planDue(row)) {
      let plan: ClaimPlan | null = null;
      try {
        plan = request.plan(clone(row), now);
      } catch (error) {
        debug('plan for %s threw: %s', row.name, describeError(error, false));
        row.nextRunAt = null;
        entry.failed = true;
      }
      if (plan) {
        if (plan.missed > 0) result.missed.push({ name: row.name, count: plan.missed });
        for (const { slot, kind } of plan.runs) {
          if (runs.exists(row.name, slot, kind)) continue;
          if (runs.running(row.name) >= maxInstances) {
            skip(slot);
            continue;
          }
          inserted.push(runs.insert(row.name, slot, kind, request.instanceId, now, request.leaseMs)!);
          row.runs++;
        }
        // A sequential interval's next slot is measured from its run's end: complete() writes it.
        row.nextRunAt = plan.nextAtCompletion && inserted.length > 0 ? null : plan.nextRunAt;
      }
    }
    for (const run of runs.pendingDue(row.name, now)) {
      if (runs.running(row.name) >= maxInstances) {
        // Skipped as a due slot is; deleted, so that instant may be asked for again.
        runs.delete(run);
        skip(run.slot);
        continue;
      }
      runs.start(run, request.instanceId, now, request.leaseMs);
      inserted.push(run);
      row.runs++;
    }
    settle(entry);
    for (const run of inserted) result.runs.push(claimed(run, row));
  }
  return result;
}
