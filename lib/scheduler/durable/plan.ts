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
  } else if (task.policy.catchUp === 'all') {
    // One late slot per claim, the next written when it ends (back to back, as in memory:
    // maxInstances would skip the rest of a batch). Beyond maxCatchUp late slots, the oldest go.
    const late = lateOf(task, slot, now);
    let at = slot;
    if (late.truncated) return skipAll(task, row, slot, now);
    const drop = late.count - task.policy.maxCatchUp;
    if (drop > 0) {
      let last = at;
      for (let i = 0; i < drop; i++) {
        last = at;
        at = nextRunOf(task, at) as number;
      }
      missed = { count: drop, first: slot, last, truncated: false };
    }
    runs.push({ slot: at, kind: 'catchup' });
    next = null;
  } else {
    const decision = decideLate(recordFor(task), slot, now);
    missed = decision.missed;
    if (decision.run === undefined) next = decision.place ?? null;
    else {
      const ran = decision.run.at;
      runs.push({ slot: ran, kind: isLate(task, ran, now) ? 'catchup' : 'scheduled' });
      next = nextRunOf(task, ran);
    }
  }
  return finish(task, row, runs, next, missed);
}

/** The slots at or before `now` that are late, counted (from the misfire policy's `skip` path). */
function lateOf(task: Task, slot: number, now: number): Missed {
  const record = recordFor(task);
  record.catchUpRuns = task.policy.maxCatchUp;
  return decideLate(record, slot, now).missed as Missed;
}

function skipAll(task: Task, row: ScheduleRow, slot: number, now: number): PlanDetail {
  const record = recordFor(task);
  record.catchUpRuns = task.policy.maxCatchUp;
  const decision = decideLate(record, slot, now);
  const runs = decision.run ? [{ slot: decision.run.at, kind: 'scheduled' as const }] : [];
  return finish(task, row, runs, decision.run ? nextRunOf(task, decision.run.at) : decision.place ?? null, decision.missed);
}

/** decideLate keeps the in-memory catch-up count on the record; here it lives for one decision. */
function recordFor(task: Task): TaskRecord {
  return { task, catchUpRuns: 0 } as unknown as TaskRecord;
}

function finish(task: Task, row: ScheduleRow, runs: Array<{ slot: number; kind: RunKind }>, next: number | null, missed: Missed | undefined): PlanDetail {
  const limit = task.policy.maxRuns - row.runs;
  if (runs.length >= limit) {
    runs.length = Math.max(0, limit);
    next = null;
  }
  const atEnd = runs.length > 0 && runs.some((run) => completesAtEnd(task, run.kind));
  const plan: ClaimPlan = { runs, nextRunAt: atEnd ? null : next, nextAtCompletion: atEnd, missed: missed?.count ?? 0 };
  return missed && missed.count > 0 ? { plan, missed } : { plan };
}

/**
 * Whether a run of this kind writes the schedule's next slot when it ends: sequential
 * intervals (from the end of the run) and the catch-up runs of `catchUp: 'all'` (the slot
 * after theirs, so late slots run one after another).
 */
export function completesAtEnd(task: Task, kind: RunKind): boolean {
  if (kind === 'manual') return false;
  return nextAtCompletion(task) || (kind === 'catchup' && task.policy.catchUp === 'all');
}

/** The next slot a run that {@link completesAtEnd} writes when it ends (null: finished). */
export function nextAtEnd(task: Task, slot: number, finishedAt: number, runsSoFar: number): number | null {
  if (runsSoFar >= task.policy.maxRuns) return null;
  return nextRunOf(task, nextAtCompletion(task) ? Math.max(finishedAt, slot) : slot);
}
