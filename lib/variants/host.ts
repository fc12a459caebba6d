/**
 * The hosted half of ThreadedScheduler/ForkedScheduler: a plain Scheduler driven by
 * protocol messages, forwarding its events. Runs inside the worker thread or child process.
 */
import { NotAvailableError } from '../errors.js';
import { serializeError } from '../execution/serialize.js';
import { Scheduler } from '../scheduler/scheduler.js';
import type { SchedulerEvents } from '../types.js';
import type { HostMessage, Request } from './protocol.js';
import { REMOTE_EVENTS } from './protocol.js';

export interface Port {
  send(message: HostMessage): void;
  onMessage(listener: (message: Request) => void): void;
}

export function serve(port: Port): void {
  let scheduler: Scheduler | null = null;
  port.onMessage((request) => {
    void handle(request).then(
      (value) => port.send({ type: 'reply', id: request.id, ok: true, value }),
      (error: unknown) => port.send({ type: 'reply', id: request.id, ok: false, error: serializeError(error) }),
    );
  });

  async function handle(request: Request): Promise<unknown> {
    if (request.op === 'init') {
      scheduler = new Scheduler({ ...request.options, logger: { warn() {}, error() {} } } as never);
      forward(scheduler, port);
      return null;
    }
    const s = scheduler;
    if (!s) throw new Error('the hosted scheduler was not initialised');
    switch (request.op) {
      case 'add': {
        const method = (s as unknown as Record<string, unknown>)[`add${request.kind[0]!.toUpperCase()}${request.kind.slice(1)}Task`];
        if (typeof method !== 'function') throw new NotAvailableError(`${request.kind} tasks`, 'this build has no such task type');
        const task = (method as (options: unknown) => { name: string }).call(s, request.options);
        return s.tasks().find((info) => info.name === task.name) ?? null;
      }
      case 'cancel':
        return s.cancel(request.name);
      case 'pause':
        return s.pause(request.name);
      case 'resume':
        return s.resume(request.name);
      case 'tasks':
        return s.tasks().map((info) => ({ ...info, lastOutcome: info.lastOutcome && { ...info.lastOutcome, error: info.lastOutcome.error === undefined ? undefined : serializeError(info.lastOutcome.error) } }));
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

/** Sends every event with tasks reduced to `{ name }` and errors serialized. */
function forward(scheduler: Scheduler, port: Port): void {
  for (const event of REMOTE_EVENTS) {
    scheduler.on(event, (payload: SchedulerEvents[typeof event]) => {
      const out: Record<string, unknown> = { ...payload };
      const task = (payload as { task?: { name: string } }).task;
      if (task) out.task = { name: task.name };
      const run = (payload as { run?: { scheduledAt: Date; startedAt: Date; kind: string } }).run;
      if (run) out.run = { scheduledAt: run.scheduledAt, startedAt: run.startedAt, kind: run.kind };
      if (event === 'error') out.error = serializeError((payload as { error: unknown }).error);
      if (event === 'success' && !cloneable(out.value)) out.value = undefined;
      port.send({ type: 'event', event, payload: out });
      // A task that finished on its own must not come back when the host is restarted.
      if (task && (event === 'success' || event === 'error' || event === 'skip')) {
        setImmediate(() => {
          if (scheduler.getTask(task.name) !== task) port.send({ type: 'gone', name: task.name });
        });
      }
    });
  }
}

function cloneable(value: unknown): boolean {
  try {
    structuredClone(value);
    return true;
  } catch {
    return false;
  }
}
