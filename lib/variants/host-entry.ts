/**
 * Entry of the thread or process hosting a ThreadedScheduler/ForkedScheduler: picks the
 * transport (parentPort in a worker thread, IPC in a forked child) and serves the protocol.
 * Started like the pool workers (see execution/worker-script.ts).
 */
import { parentPort } from 'node:worker_threads';
import { serve } from './host.js';
import type { HostMessage, Notice, Request } from './protocol.js';

if (parentPort) {
  const port = parentPort;
  serve({ send: (batch: HostMessage[]) => port.postMessage(batch), onMessage: (listener) => port.on('message', listener) });
} else if (process.send) {
  serve({
    send: (batch: HostMessage[]) => {
      // The parent may close the channel at any time (stop, exit): a message still on its
      // way then fails with EPIPE or ERR_IPC_CHANNEL_CLOSED, which the callback takes
      // instead of an unhandled 'error' event.
      if (process.connected) process.send?.(batch, undefined, undefined, () => {});
    },
    onMessage: (listener) => process.on('message', (message) => listener(message as Request | Notice)),
  });
  // The parent is gone: nothing left to serve.
  process.on('disconnect', () => process.exit(0));
}
