/**
 * The two store calls that hand this process runs: a claim of due slots (planned here from
 * each schedule's rule, inside the store's transaction) and the recovery of runs whose lease
 * ran out. Both report what they passed over (`missed`, `skip`, lost runs) like the in-memory
 * scheduler does.
 */
import { RunAbortedError } from '../../errors.js';
import type { ClaimedRun, ScheduleRow, Store } from '../../store/store.js';
import { nextRunOf } from '../../tasks/task.js';
import type { Task } from '../../tasks/task.js';
import type { Clock } from '../../types.js';
import { reportMissed } from '../misfire.js';
import type { Missed } from '../misfire.js';
import type { DbClock } from './db-clock.js';
import type { EngineHost } from './host.js';
import type { NormalizedDurableOptions } from './options.js';
import { nextAtCompletion, planClaim } from './plan.js';
import { lostPolicyOf } from './spec.js';

/** Schedules claimed (or runs recovered) per store call; a full batch means more may be due at once. */
export const CLAIM_LIMIT = 100;

export interface ClaimContext {
  readonly store: Store;
  readonly options: NormalizedDurableOptions;
  readonly instanceId: string;
  readonly host: EngineHost;
  readonly dbClock: DbClock;
  taskFor(row: ScheduleRow): Task;
  /** The task of a schedule seen before, if any (for reports about a run only named). */
  knownTask(name: string): Task | undefined;
  /** Oldest start (store time) among this process's runs of `name`. */
  oldestStart(name: string): number | undefined;
  launch(run: ClaimedRun, announceNext: boolean): void;
}

/**
 * When a wake looks for lost runs: at every wake that is not for a known due slot (so at least
 * every pollInterval/leaseMs when idle), and at most that often otherwise: a process woken for
 * slots every few ms would spend most of its round trips on it.
 */
export class RecoveryPace {
  #next = true;
  #at = 0;

  constructor(private readonly clock: Clock, private readonly everyMs: number) {}

  woke(forSlot: boolean): void {
    if (!forSlot) this.#next = true;
  }

  /** Whether this wake looks (and, if so, counts it as the last look). */
  due(): boolean {
    const now = this.clock.monotonic();
    if (!this.#next && now - this.#at < this.everyMs) return false;
    this.#next = false;
    this.#at = now;
    return true;
  }
}

/** One claim: how many due schedules it planned, and the store's next due time if it told it. */
export async function claimDue(ctx: ClaimContext): Promise<{ planned: number; nextDueAt: number | null | undefined }> {
  const missed = new Map<string, Missed>();
  const tasks = new Map<string, Task>();
  const broken: Array<{ task?: Task; error: unknown }> = [];
  let planned = 0;
  const began = ctx.host.clock.monotonic();
  const result = await ctx.store.claim({
    instanceId: ctx.instanceId, queues: ctx.options.queues, limit: CLAIM_LIMIT, leaseMs: ctx.options.leaseMs,
    plan: (row, now) => {
      planned++;
      let task: Task | undefined;
      try {
        task = ctx.taskFor(row);
        tasks.set(row.name, task);
        const detail = planClaim(task, row, now);
        if (detail.missed) missed.set(row.name, detail.missed);
        return detail.plan;
      } catch (error) {
        // The store marks the schedule failed; the error is reported once the claim is done.
        broken.push(task ? { task, error } : { error });
        throw error;
      }
    },
  });
  const host = ctx.host;
  if (host.events.listening.claim) host.events.emit('claim', { durationMs: host.clock.monotonic() - began, runs: result.runs.length });
  for (const { task, error } of broken) host.report(error, task);
  for (const { name, count } of result.missed) {
    const task = tasks.get(name);
    const detail = missed.get(name);
    if (task && detail) reportMissed(host, task, { ...detail, count });
  }
  const now = ctx.dbClock.now();
  for (const { name, slot } of result.skipped) {
    const task = tasks.get(name);
    const oldest = ctx.oldestStart(name);
    if (task) host.events.emit('skip', { task, scheduledAt: new Date(slot), runningForMs: oldest === undefined ? 0 : Math.max(0, now - oldest) });
  }
  // The next slot is announced (`scheduled`) once per schedule, with its last planned run of the batch.
  const last = new Map<string, ClaimedRun>();
  for (const run of result.runs) if (run.kind !== 'manual') last.set(run.schedule.name, run);
  for (const run of result.runs) ctx.launch(run, last.get(run.schedule.name) === run);
  return { planned, nextDueAt: result.nextDueAt };
}

/** Lost runs (their lease ran out): taken over here as a new attempt, or failed for good. */
export async function recoverLost(ctx: ClaimContext): Promise<void> {
  const result = await ctx.store.recoverLost({
    instanceId: ctx.instanceId, queues: ctx.options.queues, limit: CLAIM_LIMIT, leaseMs: ctx.options.leaseMs,
    policy: (row) => {
      const policy = lostPolicyOf(row);
      const task = ctx.taskFor(row);
      // A run that would have written the next slot at its end, lost for good: the next one from now.
      if (!nextAtCompletion(task) && task.policy.catchUp !== 'all') return policy;
      return { ...policy, nextRunAt: row.runs >= task.policy.maxRuns ? null : nextRunOf(task, ctx.dbClock.now()) };
    },
  });
  const events = ctx.host.events;
  for (const run of result.retried) {
    if (events.listening.lost) events.emit('lost', { name: run.schedule.name, scheduledAt: new Date(run.slot), attempt: run.attempt - 1, retried: true });
    ctx.launch(run, false);
  }
  for (const { name, slot, attempt } of result.failed) {
    if (events.listening.lost) events.emit('lost', { name, scheduledAt: new Date(slot), attempt, retried: false });
    const reason = `its process was lost on attempt ${attempt} (slot ${new Date(slot).toISOString()}) and onLost/maxAttempts say not to retry it`;
    ctx.host.report(new RunAbortedError(name, reason), ctx.knownTask(name));
  }
}
