/**
 * A Scheduler running in a worker thread: its timer and dispatch loop are immune to a busy
 * main thread. Methods return Promises; tasks must be module references. Uses
 * node:worker_threads directly (workerpool is for runs; this is one long-lived host).
 */
import { Worker } from 'node:worker_threads';
import { siblingEntry, workerScript } from '../execution/worker-script.js';
import type { Channel, ChannelHandlers } from './channel.js';
import type { HostMessage } from './protocol.js';
import { SchedulerProxy } from './proxy.js';

export class ThreadedScheduler extends SchedulerProxy {
  protected readonly where = 'thread';

  protected open(handlers: ChannelHandlers): Channel {
    const { thread } = workerScript(siblingEntry(import.meta.url, 'host-entry'));
    const worker = new Worker(thread.script, { eval: thread.eval });
    let exited = false;
    const exit = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.on('message', (batch: HostMessage[]) => handlers.message(batch));
    worker.on('error', () => {}); // followed by 'exit', which reports it
    worker.once('exit', (code) => {
      exited = true;
      handlers.exit(code, null);
    });
    return {
      send: (request) => worker.postMessage(request),
      ref: () => worker.ref(),
      unref: () => worker.unref(),
      // terminate() stops even a thread whose event loop is blocked, so `hard` changes nothing.
      close: async () => {
        if (!exited) await worker.terminate();
        await exit;
      },
    };
  }
}
