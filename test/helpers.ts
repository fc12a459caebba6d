/**
 * Test helpers: a scheduler on a ManualClock that records its events, and a registry that
 * stops every scheduler after each test so the suite never hangs.
 */
import { Scheduler } from '../lib/scheduler/scheduler.js';
import type { SchedulerOptions } from '../lib/scheduler/scheduler.js';
import { ManualClock } from '../lib/testing.js';
import type { Logger } from '../lib/types.js';
import type { SchedulerEvents } from '../lib/scheduler/events.js';

const live = new Set<Scheduler>();

export interface Recorder {
  events: Array<{ type: keyof SchedulerEvents; name?: string; at: number; payload: unknown }>;
  logs: Array<{ level: 'warn' | 'error'; message: string; details?: unknown }>;
  of(type: keyof SchedulerEvents): unknown[];
}

export interface Harness {
  clock: ManualClock;
  scheduler: Scheduler;
  record: Recorder;
  logger: Logger;
}

export const T0 = Date.UTC(2027, 0, 4, 12, 0, 0); // a Monday, noon UTC

const ALL_EVENTS: Array<keyof SchedulerEvents> = ['scheduled', 'start', 'success', 'error', 'skip', 'missed', 'cancel', 'stop'];

export function harness(options: SchedulerOptions & { start?: Date | number; listen?: boolean } = {}): Harness {
  const { start = T0, listen = true, ...rest } = options;
  const clock = (rest.clock as ManualClock | undefined) ?? new ManualClock(start);
  const record: Recorder = {
    events: [],
    logs: [],
    of: (type) => record.events.filter((e) => e.type === type).map((e) => e.payload),
  };
  const logger: Logger = {
    warn: (message, details) => record.logs.push({ level: 'warn', message, details }),
    error: (message, details) => record.logs.push({ level: 'error', message, details }),
  };
  const scheduler = new Scheduler({ logger, ...rest, clock });
  live.add(scheduler);
  if (listen) {
    for (const type of ALL_EVENTS) {
      scheduler.on(type, (payload) => {
        const task = (payload as { task?: { name: string } }).task;
        record.events.push({ type, name: task?.name, at: clock.now(), payload });
      });
    }
  }
  return { clock, scheduler, record, logger };
}

/** Stops every scheduler made by `harness` (use in `after.each`). */
export async function stopAll(): Promise<void> {
  for (const scheduler of live) await scheduler.stop({ timeout: 0 });
  live.clear();
}

/** Names of events of one type, in order. */
export function names(record: Recorder, type: keyof SchedulerEvents): Array<string | undefined> {
  return record.events.filter((e) => e.type === type).map((e) => e.name);
}

/** A promise with its resolve function, for actions that finish when a test says so. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Collects uncaughtException / unhandledRejection during a test. */
export function watchProcessErrors(): { errors: unknown[]; dispose(): void } {
  const errors: unknown[] = [];
  const onError = (error: unknown) => errors.push(error);
  process.on('uncaughtException', onError);
  process.on('unhandledRejection', onError);
  return {
    errors,
    dispose() {
      process.off('uncaughtException', onError);
      process.off('unhandledRejection', onError);
    },
  };
}
