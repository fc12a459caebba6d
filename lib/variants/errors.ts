/**
 * Errors of the scheduler variants (ThreadedScheduler, ForkedScheduler), raised by the proxy
 * in the caller's thread. Re-exported from the package root like every SchedulerError.
 */
import { SchedulerError } from '../errors.js';

/** The host did not answer a request in time (its event loop is blocked, or it is gone). */
export class HostTimeoutError extends SchedulerError {
  override name = 'HostTimeoutError';
  constructor(readonly where: 'thread' | 'process', readonly op: string, readonly timeoutMs: number) {
    super(`The scheduler ${where} did not answer \`${op}\` within ${timeoutMs} ms (is an in-host action blocking its event loop?)`);
  }
}

/** A run that was going on when its host died. It is retried after the restart up to `maxAttempts`. */
export class RunLostError extends SchedulerError {
  override name = 'RunLostError';
  constructor(
    readonly taskName: string,
    readonly scheduledAt: Date,
    readonly attempt: number,
    readonly maxAttempts: number,
    readonly willRetry: boolean,
    readonly where: 'thread' | 'process',
    readonly exitCode: number | null,
    readonly signal: string | null,
  ) {
    const death = signal ? `killed by ${signal}` : `exit code ${String(exitCode)}`;
    const next = willRetry ? 'retried after the restart' : 'not retried';
    super(`Run of task "${taskName}" (scheduled ${scheduledAt.toISOString()}) was lost: the scheduler ${where} died (${death}); attempt ${attempt} of ${maxAttempts}, ${next}`);
  }
}
