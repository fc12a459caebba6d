/**
 * The hosted half of ThreadedScheduler/ForkedScheduler: a plain Scheduler driven by
 * protocol messages, forwarding its events in batches (outbox.ts), each batch closing with
 * the state of the tasks it touched so the proxy can restore them. Runs inside the worker
 * thread or child process.
 */
import { NotAvailableError, invalidType } from '../errors.js';
import { reviveError, serializeError } from '../execution/serialize.js';
import { Scheduler } from '../scheduler/scheduler.js';
import { taskInfoOf } from '../scheduler/scheduler-base.js';
import { restoreRecord } from '../scheduler/task-record.js';
import { CronTask } from '../tasks/cron-task.js';
import { MonthdayTask, WeekdayTask } from '../tasks/day-tasks.js';
import { IntervalTask } from '../tasks/interval-task.js';
import { SingleTask } from '../tasks/single-task.js';
import { Task, nextRunOf } from '../tasks/task.js';
import type { TaskInfo } from '../types.js';
import type { HostMessage, Notice, Placement, Request, RestoreState, TaskType } from './protocol.js';
import { Outbox } from './outbox.js';
import { forward, stateNote } from './host-events.js';

export interface Port {
  /** Posts one batch: everything one turn of the host's loop had to say, in order. */
  send(batch: HostMessage[]): void;
  onMessage(listener: (message: Request | Notice) => void): void;
}

type Builder = (options: Record<string, unknown>) => Task;
const BUILT_IN: Record<string, (new (options: never) => Task) | undefined> = {
  interval: IntervalTask,
  weekday: WeekdayTask,
  monthday: MonthdayTask,
  single: SingleTask,
  cron: CronTask,
};

export function serve(port: Port): void {
  let scheduler: Scheduler | null = null;
  /** The events the proxy has listeners for (DESIGN §6: only those are forwarded). */
  let listened: ReadonlySet<string> = new Set();
  const outbox = new Outbox(
    (batch) => port.send(batch),
    (name) => stateNote(name, scheduler && infoOf(scheduler, name)),
  );
  port.onMessage((message) => {
    if (message.op === 'listen') {
      listened = new Set(message.events);
      return;
    }
    void handle(message).then(
      (value) => outbox.reply({ type: 'reply', id: message.id, ok: true, value }),
      (error: unknown) => outbox.reply({ type: 'reply', id: message.id, ok: false, error: serializeError(error) }),
    );
  });

  async function handle(request: Request): Promise<unknown> {
    if (request.op === 'init') {
      scheduler = new Scheduler({ ...request.options, logger: { warn() {}, error() {} } } as never);
      forward(scheduler, outbox, () => listened);
      return null;
    }
    const s = scheduler;
    if (!s) throw new Error('the hosted scheduler was not initialised');
    switch (request.op) {
      case 'add':
        return add(s, await builderFor(request.type), request.options, request.place, request.restore);
      case 'cancel':
        return s.cancel(request.name);
      // Both answer with the infos of the tasks they touched, for the proxy's copy.
      case 'pause':
        s.pause(request.name);
        return touched(s, request.name);
      case 'resume':
        s.resume(request.name);
        return touched(s, request.name);
      case 'tasks':
        return s.tasks().map(plainInfo);
      case 'getTask':
        return infoOf(s, request.name);
      case 'nextRunsBetween':
        return s.nextRunsBetween(request.name, request.from, request.to, request.limit);
      case 'runNow':
        return s.runNow(request.name, request.delay === undefined ? {} : { delay: request.delay });
      case 'start':
        s.start();
        return null;
      case 'stop':
        await s.stop(request.timeout === undefined ? {} : { timeout: request.timeout });
        return null;
    }
  }
}

async function builderFor(type: TaskType): Promise<Builder> {
  if (typeof type === 'string') {
    const TaskClass = BUILT_IN[type];
    if (!TaskClass) throw new NotAvailableError(`${type} tasks`, 'this build has no such task type');
    return (options) => new TaskClass(options as never);
  }
  const loaded = (await import(type.module)) as Record<string, unknown>;
  const TaskClass = loaded[type.export];
  if (typeof TaskClass !== 'function' || !(TaskClass.prototype instanceof Task)) {
    throw invalidType('task class', `a Task subclass exported as \`${type.export}\` by ${type.module}`, TaskClass);
  }
  return (options) => new (TaskClass as new (o: unknown) => Task)(options);
}

/** Registers the task, restoring what a previous host knew of it, and returns its TaskInfo. */
function add(s: Scheduler, build: Builder, options: Record<string, unknown>, place: Placement | undefined, restore: RestoreState | undefined): TaskInfo | null {
  const task = build(options);
  if (restore) {
    const last = restore.lastOutcome;
    restoreRecord(task, { runs: restore.runs, failures: restore.failures, lastOutcome: last && (last.error === undefined ? last : { ...last, error: reviveError(last.error) }) });
    // The next slot it had; else the one after the last run it started (null: none left).
    const next = restore.nextRunAt ?? (restore.lastSlot === undefined ? undefined : nextRunOf(task, restore.lastSlot));
    if (next === null) {
      if (!restore.retry) return null;
      s.scheduleTaskAbs(task, s.clock.now()); // its only run left is the one being retried
    } else {
      if (next === undefined) s.add(task);
      else s.scheduleTaskAbs(task, next);
      // Paused where it stood: placed there first, pause() remembers that slot.
      if (restore.paused && s.getTask(task.name) === task) s.pause(task.name);
      if (restore.retry && s.getTask(task.name) === task) s.runNow(task.name);
    }
  } else if (place === undefined) s.add(task);
  else if ('delay' in place) s.scheduleTask(task, place.delay);
  else s.scheduleTaskAbs(task, place.at);
  return infoOf(s, task.name);
}

/** One task's TaskInfo as `tasks()` lists it, next slot included, without listing them all. */
function infoOf(s: Scheduler, name: string): TaskInfo | null {
  if (typeof name !== 'string') throw invalidType('name', 'a task name', name);
  // Its nextRunAt is the task's planned slot, the first nextRunsBetween would list: no second look-up.
  const info = taskInfoOf(s, name);
  return info ? plainInfo(info) : null;
}

function touched(s: Scheduler, name: string | undefined): TaskInfo[] {
  if (name !== undefined) return [infoOf(s, name)].filter((info) => info !== null);
  return s.tasks().map(plainInfo);
}

/** A TaskInfo that can cross: the last outcome's error serialized. */
function plainInfo(info: TaskInfo): TaskInfo {
  const last = info.lastOutcome;
  if (!last || last.error === undefined) return info;
  return { ...info, lastOutcome: { ...last, error: serializeError(last.error) } };
}
