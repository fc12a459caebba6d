/**
 * Entry of the thread or process hosting a ThreadedScheduler/ForkedScheduler: picks the
 * transport (parentPort in a worker thread, IPC in a forked child) and serves the protocol.
 * Started like the pool workers (see execution/worker-script.ts).
 */
import { parentPort } from 'node:worker_threads';
import { serve } from './host.js';
import type { HostMessage, Request } from './protocol.js';

if (parentPort) {
  const port = parentPort;
  serve({ send: (message: HostMessage) => port.postMessage(message), onMessage: (listener) => port.on('message', listener) });
} else if (process.send) {
  serve({
    send: (message: HostMessage) => void process.send?.(message),
    onMessage: (listener) => process.on('message', (message) => listener(message as Request)),
  });
  // The parent is gone: nothing left to serve.
  process.on('disconnect', () => process.exit(0));
}
