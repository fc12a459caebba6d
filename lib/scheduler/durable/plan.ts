/**
 * What a claim does with one due schedule, decided from its rule and its misfire policy at
 * the store's `now`: the same decisions as the in-memory scheduler (misfire.ts), made for
 * all the due slots at once, since a durable schedule may have been due while no process ran.
 */
import type { ClaimPlan, ScheduleRow } from '../../store/store.js';
import { IntervalTask } from '../../tasks/interval-task.js';
import { nextRunOf } from '../../tasks/task.js';
import type { Task } from '../../tasks/task.js';
import type { RunKind } from '../../types.js';
import { decideLate } from '../misfire.js';
import type { Missed } from '../misfire.js';
import type { TaskRecord } from '../task-record.js';

export interface PlanDetail {
  plan: ClaimPlan;
  /** The slots passed over, for the `missed` event (absent when none). */
  missed?: Missed;
}

/** Late: more than the grace time has passed since the slot (the in-memory scheduler's #fire test). */
function isLate(task: Task, slot: number, now: number): boolean {
  return now - slot > task.policy.misfireGraceTime;
}

/** Sequential intervals count their next slot from the run's end: written at completion. */
export function nextAtCompletion(task: Task): boolean {
  return task instanceof IntervalTask && task.processMethod === 'sequential';
}

/**
 * Plans the due schedule `row` (whose `nextRunAt` is at or before `now`), whose rule is
 * `task`'s. Throws what the rule throws (a RescheduleError): the caller fails the schedule.
 */
export function planClaim(task: Task, row: ScheduleRow, now: number): PlanDetail {
  const slot = row.nextRunAt as number;
  const runs: Array<{ slot: number; kind: RunKind }> = [];
  let next: number | null;
  let missed: Missed | undefined;
  if (!isLate(task, slot, now)) {
    runs.push({ slot, kind: 'scheduled' });
    next = nextRunOf(task, slot);
  } else {
    // decideLate keeps the in-memory catch-up count on the record; here it lives for one claim.
    const record = { task, catchUpRuns: 0 } as unknown as TaskRecord;
    let at: number | null = slot;
    for (;;) {
      const decision = decideLate(record, at, now);
      missed = decision.missed;
      if (decision.run === undefined) {
        next = decision.place ?? null;
        break;
      }
      const ran = decision.run.at;
      runs.push({ slot: ran, kind: isLate(task, ran, now) ? 'catchup' : 'scheduled' });
      next = nextRunOf(task, ran);
      // `all` takes the late slots one by one; once they are run the next due one runs on time.
      if (decision.run.kind !== 'catchup' || next === null || !isLate(task, next, now)) {
        if (decision.run.kind === 'catchup' && next !== null && next <= now) {
          runs.push({ slot: next, kind: 'scheduled' });
          next = nextRunOf(task, next);
        }
        break;
      }
      at = next;
    }
  }
  const limit = task.policy.maxRuns - row.runs;
  if (runs.length >= limit) {
    runs.length = Math.max(0, limit);
    next = null;
  }
  const sequential = nextAtCompletion(task) && runs.length > 0;
  const plan: ClaimPlan = { runs, nextRunAt: sequential ? null : next, nextAtCompletion: sequential, missed: missed?.count ?? 0 };
  return missed && missed.count > 0 ? { plan, missed } : { plan };
}

/** A sequential interval's next slot, from the end of its run (null: finished). */
export function nextAfterCompletion(task: Task, finishedAt: number, runsSoFar: number): number | null {
  if (runsSoFar >= task.policy.maxRuns) return null;
  return nextRunOf(task, finishedAt);
}
