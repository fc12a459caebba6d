// issue 14 (W4 "ThreadedScheduler: unaffected"): the host of a ThreadedScheduler posted
// every event of every run as its own message, each after a `state` message of its own
// (1000 tasks every 50 ms: 6 postMessages per run, 120,000 a second), and forwarded events
// nobody listened to. Posting took half the host thread's time, which its dispatch needed:
// lateness p99 15 ms against 10. DESIGN §6: "Events are forwarded only for events that have
// listeners". The host now sends what one turn of its loop produced as one message, with
// each touched task's state once, and public events only while the proxy listens to them.
// These drive the host's `serve` through an in-memory port: what it posts is what crosses.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { serve } from '../../lib/variants/host.js';
import type { HostMessage, Notice, Request } from '../../lib/variants/protocol.js';
import { ThreadedScheduler } from '../../lib/variants/threaded-scheduler.js';
import { ForkedScheduler } from '../../lib/variants/forked-scheduler.js';
import { RunLostError } from '../../lib/errors.js';
import { silentLogger } from '../../lib/internal/logger.js';
import { ref } from '../execution/wait.js';
import { nextEvent, stopTracked, track } from '../variants/helpers.js';

const test = suite('the variants host posts in batches, and only the events listened to');
test.after.each(stopTracked);

interface FakeHost {
  /** Every postMessage the host made, each as the list of messages it carried. */
  posts: HostMessage[][];
  messages(): HostMessage[];
  request(message: Record<string, unknown>): void;
  /** Resolves once `check` holds for what the host sent (guarded). */
  until(check: (messages: HostMessage[]) => boolean, what: string): Promise<void>;
}

function fakeHost(): FakeHost {
  const posts: HostMessage[][] = [];
  let listener: ((message: Request | Notice) => void) | undefined;
  const waiters: Array<() => void> = [];
  serve({
    send: (batch) => {
      // structuredClone: what crosses a port is a copy, taken when it is posted.
      posts.push(structuredClone(batch));
      for (const wake of waiters.splice(0)) wake();
    },
    onMessage: (l) => (listener = l),
  });
  const messages = (): HostMessage[] => posts.flat();
  return {
    posts,
    messages,
    request: (message) => listener?.(message as unknown as Request | Notice),
    until: (check, what) =>
      new Promise<void>((resolve, reject) => {
        const guard = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), 10_000);
        const look = (): void => {
          if (check(messages())) {
            clearTimeout(guard);
            resolve();
          } else waiters.push(look);
        };
        look();
      }),
  };
}

type Whole = Exclude<HostMessage, unknown[]>;
type Note = Extract<HostMessage, unknown[]>;
const whole = (messages: HostMessage[]): Whole[] => messages.filter((m): m is Whole => !Array.isArray(m));
const notes = (messages: HostMessage[]): Note[] => messages.filter((m): m is Note => Array.isArray(m));
const replied = (id: number) => (messages: HostMessage[]): boolean => whole(messages).some((m) => m.type === 'reply' && m.id === id);
/** A run's listened start or success crosses as a note the proxy makes whole again. */
const runEvents = (messages: HostMessage[], event: 'start' | 'success'): Note[] => notes(messages).filter((m) => m[0] === event);

test('20 runs due at one instant cross in a few messages, with one state per task, not 6 messages per run', async () => {
  const host = fakeHost();
  host.request({ id: 1, op: 'init', options: {} });
  host.request({ id: 2, op: 'listen', events: ['start', 'success'] });
  host.request({ id: 3, op: 'start' });
  const at = Date.now() + 300;
  for (let i = 0; i < 20; i++) {
    host.request({ id: 10 + i, op: 'add', type: 'single', options: { name: `t${i}`, at, processMethod: 'concurrent', action: ref('ok.ts') } });
  }
  await host.until(replied(29), 'the adds');
  const before = host.posts.length;
  await host.until((messages) => runEvents(messages, 'success').length === 20, '20 successes');
  const during = host.posts.slice(before).flat();
  assert.is(runEvents(during, 'start').length, 20);
  assert.equal(runEvents(during, 'success').map((m) => [m[1].startsWith('t'), m[2], m[4], m[6]]), Array.from({ length: 20 }, () => [true, at, 'scheduled', 'hello world']));
  // Each one-shot left the registry: its state crossed as `gone`, once or twice (start, end), not per event.
  const states = notes(during).filter((m) => m[0] === 'state' || m[0] === 'gone');
  for (let i = 0; i < 20; i++) {
    const own = states.filter((m) => m[1] === `t${i}`);
    assert.ok(own.length >= 1 && own.length <= 2, `t${i}: ${own.length} states`);
    assert.equal(own.at(-1), ['gone', `t${i}`]);
  }
  // Before: 80 postMessages (start, success, each after its state). One turn's worth each now.
  assert.ok(host.posts.length - before <= 4, `${host.posts.length - before} postMessages for 20 runs`);
  host.request({ id: 99, op: 'stop', timeout: 0 });
  await host.until(replied(99), 'stop');
});

test('events without a listener on the proxy side do not cross, but the runs the proxy tracks do', async () => {
  const host = fakeHost();
  host.request({ id: 1, op: 'init', options: {} });
  host.request({ id: 2, op: 'start' });
  host.request({ id: 3, op: 'add', type: 'single', options: { name: 'quiet', at: Date.now() + 50, processMethod: 'concurrent', action: ref('ok.ts') } });
  await host.until((messages) => notes(messages).some((m) => m[0] === 'ended'), 'the run to end');
  host.request({ id: 4, op: 'listen', events: ['scheduled', 'cancel', 'stop'] });
  host.request({ id: 5, op: 'add', type: 'interval', options: { name: 'loud', interval: 60_000, initialDelay: 60_000, processMethod: 'concurrent', action: ref('ok.ts') } });
  await host.until(replied(5), 'the second add');
  host.request({ id: 6, op: 'cancel', name: 'loud' });
  host.request({ id: 7, op: 'stop', timeout: 0 });
  await host.until(replied(7), 'stop');
  const sent = host.messages().flatMap((m) => {
    if (Array.isArray(m)) return m[0] === 'began' || m[0] === 'ended' ? [[m[0], m[1]]] : [];
    return m.type === 'event' ? [[m.event, (m.payload as { task?: { name: string } }).task?.name]] : [];
  });
  // The start and end of `quiet` cross as notes, for the proxy's record of runs in flight; its `scheduled` not at all.
  assert.equal(sent, [['began', 'quiet'], ['ended', 'quiet'], ['scheduled', 'loud'], ['cancel', 'loud'], ['stop', undefined]]);
  const began = notes(host.messages()).find((m) => m[0] === 'began');
  assert.equal([typeof began?.[2], typeof began?.[3], began?.[4]], ['number', 'number', 'scheduled']);
  // No reply to `listen`: it is a notice, not a request.
  assert.not.ok(replied(4)(host.messages()));
});

test('a Task subclass whose execute() kills its host in the call that starts the run: the run is reported lost', async () => {
  const s = track(new ForkedScheduler({ logger: silentLogger, maxAttempts: 1, restart: false }));
  const lost = nextEvent(s, 'error', ({ error }) => error instanceof RunLostError);
  await s.start();
  const at = Date.now() + 100;
  const killer = { module: new URL('../fixtures/variants/killer-task.ts', import.meta.url), export: 'KillerTask' };
  await s.scheduleTaskAbs({ class: killer, options: { name: 'killer', processMethod: 'concurrent', action: ref('ok.ts') } }, at);
  // Its start was posted before execute() ran: batched for a microtask later, it died with the host.
  const { task, run, error } = await lost;
  assert.equal([task, run?.scheduledAt.getTime(), (error as RunLostError).willRetry], [{ name: 'killer' }, at, false]);
});

test('a listener added to a running proxy gets its events; removing the last one stops them again', async () => {
  const s = track(new ThreadedScheduler({ logger: silentLogger, maxWorkers: 1 }));
  await s.start();
  const scheduled = nextEvent(s, 'scheduled', ({ task }) => task.name === 'later');
  await s.addIntervalTask({ name: 'later', interval: 60_000, processMethod: 'concurrent', action: ref('ok.ts') });
  const { at } = await scheduled;
  assert.instance(at, Date);
  const once: string[] = [];
  s.once('cancel', ({ task }) => once.push(task.name));
  await s.cancel('later');
  await s.addIntervalTask({ name: 'again', interval: 60_000, processMethod: 'concurrent', action: ref('ok.ts') });
  await s.cancel('again');
  await s.tasks(); // a round trip: every event the host sent before its answer has arrived
  assert.equal(once, ['later']);
});

test.run();
