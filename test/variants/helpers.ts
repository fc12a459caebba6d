/**
 * Helpers for tests of ThreadedScheduler/ForkedScheduler: real threads and processes, so
 * every wait has a guard that fails the test instead of hanging the suite, and every proxy
 * made with `track` is stopped after the test.
 */
import type { SchedulerProxy } from '../../lib/variants/proxy.js';
import type { ProxyEvents } from '../../lib/variants/protocol.js';

const live = new Set<SchedulerProxy>();

export function track<T extends SchedulerProxy>(scheduler: T): T {
  live.add(scheduler);
  return scheduler;
}

/** Stops every tracked proxy (use in `after.each`). */
export async function stopTracked(): Promise<void> {
  for (const scheduler of live) await scheduler.stop({ timeout: 0 });
  live.clear();
}

/** The next `event` whose payload passes `match`. */
export function nextEvent<K extends keyof ProxyEvents>(
  scheduler: SchedulerProxy,
  event: K,
  match: (payload: ProxyEvents[K]) => boolean = () => true,
  guardMs = 15_000,
): Promise<ProxyEvents[K]> {
  return new Promise((resolve, reject) => {
    const guard = setTimeout(() => {
      off();
      reject(new Error(`no matching ${String(event)} within ${guardMs} ms`));
    }, guardMs);
    const off = scheduler.on(event, (payload) => {
      if (!match(payload)) return;
      clearTimeout(guard);
      off();
      resolve(payload);
    });
  });
}

/** Polls `check` every 50 ms until it returns a value other than undefined. */
export async function until<T>(check: () => Promise<T | undefined> | T | undefined, what: string, guardMs = 15_000): Promise<T> {
  const end = Date.now() + guardMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Whether a process with this pid exists. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export const HOST_JOBS = new URL('../fixtures/variants/host-jobs.ts', import.meta.url);

export function hostJob(name: string): { module: URL; export: string } {
  return { module: HOST_JOBS, export: name };
}
