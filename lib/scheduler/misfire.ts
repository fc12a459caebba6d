/**
 * The misfire policy: what a slot that is late by more than `misfireGraceTime` becomes.
 * Pure decisions over the task's own slot sequence; the scheduler carries them out.
 */
import type { Task } from '../tasks/task.js';
import type { Logger } from '../types.js';
import type { Emitter } from './emitter.js';
import type { SchedulerEvents } from './events.js';
import type { TaskRecord } from './task-record.js';

/** Counting dropped slots stops here (`truncated: true`), so a +10-year jump stays cheap. */
export const MISSED_COUNT_LIMIT = 10_000;

export interface Missed {
  count: number;
  first: number;
  last: number;
  truncated: boolean;
}

export interface LateDecision {
  /** A run to dispatch now, for this slot. */
  run?: { at: number; kind: 'scheduled' | 'catchup' };
  /** Where the task's next regular slot goes when no run carries the schedule on. */
  place?: number | null;
  missed?: Missed;
}

/**
 * Decides for a late `slot` at `now`. `once`: one run, for the latest slot already due (late
 * or still within the grace time), every earlier one counted as missed, so a stall never
 * leaves due slots behind to run back to back; `skip`: no run, the next slot that is not
 * late; `all`: the late slots one after another (each later one comes back here as it falls
 * due), up to `maxCatchUp`, then as `skip`.
 */
export function decideLate(record: TaskRecord, slot: number, now: number): LateDecision {
  const task = record.task;
  const policy = task.policy;
  if (policy.catchUp === 'all') {
    record.catchUpRuns++;
    if (record.catchUpRuns <= policy.maxCatchUp) return { run: { at: slot, kind: 'catchup' } };
  }
  if (policy.catchUp === 'once') {
    const due = task.lateSlots(slot, Math.floor(now), MISSED_COUNT_LIMIT);
    // A late slot's run is a catch-up run, as a durable store records it (kind 'catchup'); the
    // latest due slot may still be within the grace time, and then it is simply on time.
    const kind = now - due.last > policy.misfireGraceTime ? 'catchup' : 'scheduled';
    if (due.count <= 1) return { run: { at: due.last, kind } };
    const dropped = task.lateSlots(slot, due.last - 1, MISSED_COUNT_LIMIT);
    return {
      run: { at: due.last, kind },
      missed: { count: dropped.count, first: slot, last: dropped.last, truncated: due.truncated || dropped.truncated },
    };
  }
  // Late means now - s > grace, i.e. s <= until for integer milliseconds.
  const until = Math.ceil(now - policy.misfireGraceTime) - 1;
  const late = task.lateSlots(slot, until, MISSED_COUNT_LIMIT);
  record.catchUpRuns = 0;
  const next = task.slotAfter(late.last, until);
  const missed = { count: late.count, first: slot, last: late.last, truncated: late.truncated };
  // The first slot that is not late may already be due (late by at most the grace): it runs
  // now. Placed instead, it would fire a timer turn later, be found late, and be dropped too.
  if (next !== null && next <= now) return { run: { at: next, kind: 'scheduled' }, missed };
  return { place: next, missed };
}

/** Emits `missed`, or warns through the logger when nobody listens (dropped runs are never invisible). */
export function reportMissed(to: { readonly events: Emitter<SchedulerEvents>; readonly logger: Logger }, task: Task, missed: Missed): void {
  const payload = { task, count: missed.count, first: new Date(missed.first), last: new Date(missed.last), truncated: missed.truncated };
  if (!to.events.emit('missed', payload)) {
    to.logger.warn(`Task "${task.name}" missed ${missed.count}${missed.truncated ? '+' : ''} run(s) between ${payload.first.toISOString()} and ${payload.last.toISOString()}`);
  }
}
