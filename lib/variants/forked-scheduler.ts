/**
 * A Scheduler running in a child process: its timing is immune to the parent's event loop
 * and its memory and crashes are its own. Methods return Promises; tasks must be module
 * references. Uses child_process.fork directly, with 'advanced' serialization so Dates
 * and other structured-cloneable values cross intact.
 */
import { fork } from 'node:child_process';
import { siblingEntry, workerScript } from '../execution/worker-script.js';
import { systemClock } from '../internal/clock.js';
import type { Channel, ChannelHandlers } from './channel.js';
import type { HostMessage } from './protocol.js';
import { SchedulerProxy } from './proxy.js';

export class ForkedScheduler extends SchedulerProxy {
  protected readonly where = 'process';

  protected open(handlers: ChannelHandlers): Channel {
    const { process: script } = workerScript(siblingEntry(import.meta.url, 'host-entry'));
    const child = fork(script.script, [], { execArgv: script.execArgv, serialization: 'advanced' });
    let exited = false;
    const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    // A host whose event loop is blocked never sees its channel close: kill it with us.
    const orphanGuard = (): void => void child.kill('SIGKILL');
    process.once('exit', orphanGuard);
    child.on('message', (batch) => handlers.message(batch as HostMessage[]));
    child.on('error', () => {}); // a failed send; 'exit' reports the death
    child.once('exit', (code, signal) => {
      exited = true;
      process.off('exit', orphanGuard);
      handlers.exit(code, signal);
    });
    const pipe = (): { ref(): void; unref(): void } | undefined => child.channel as { ref(): void; unref(): void } | undefined;
    return {
      pid: child.pid,
      send: (request) => {
        if (child.connected) child.send(request, undefined, undefined, () => {});
      },
      ref: () => {
        child.ref();
        pipe()?.ref();
      },
      unref: () => {
        child.unref();
        pipe()?.unref();
      },
      close: async (hard, graceMs) => {
        if (exited) return;
        const kill = systemClock.setTimeout(() => child.kill('SIGKILL'), graceMs);
        if (hard) child.kill('SIGTERM');
        else if (child.connected) child.disconnect();
        await exit;
        systemClock.clearTimeout(kill);
      },
    };
  }
}
