/** What the durable engine needs from its scheduler: values only (no import of scheduler.ts). */
import type { Executor } from '../../execution/executor.js';
import type { Task } from '../../tasks/task.js';
import type { AroundHook, Clock, Logger } from '../../types.js';
import type { Emitter } from '../emitter.js';
import type { RunInfo, SchedulerEvents } from '../events.js';
import type { HandlerRegistry } from './handlers.js';

export interface EngineHost {
  readonly clock: Clock;
  readonly events: Emitter<SchedulerEvents>;
  readonly logger: Logger;
  readonly executor: Executor;
  readonly handlers: HandlerRegistry;
  /** The scheduler's `around` hook: durable runs execute inside it too. */
  readonly around: AroundHook | undefined;
  report(error: unknown, task?: Task, run?: RunInfo): void;
}
