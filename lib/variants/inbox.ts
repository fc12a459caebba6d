/**
 * The proxy side of what a host sends: each batch taken in the order the host produced it.
 * Replies settle their requests; run notes and events go to the proxy's record of its tasks
 * (mirror.ts) and, when listened to, to its listeners, made whole again (tasks as `{ name }`,
 * Dates, revived errors).
 */
import { reviveError } from '../execution/serialize.js';
import type { Emitter } from '../scheduler/emitter.js';
import type { TaskInfo } from '../types.js';
import type { Requests } from './channel.js';
import type { TaskMirror } from './mirror.js';
import type { HostMessage, ProxyEvents, RemoteEvents, RemoteRun, RunNote, StateNote } from './protocol.js';

/** `error` goes to `reportError`, which logs it when nobody listens. */
export function receive(
  batch: HostMessage[],
  requests: Requests,
  mirror: TaskMirror,
  events: Emitter<ProxyEvents>,
  reportError: (payload: ProxyEvents['error']) => void,
): void {
  for (const message of batch) {
    if (Array.isArray(message)) {
      const note = message as RunNote | StateNote;
      if (note[0] === 'state' || note[0] === 'gone') mirror.state(note);
      else onRun(note, mirror, events);
    } else if (message.type === 'reply') {
      requests.reply(message.id, message.ok, message.ok ? message.value : reviveError(message.error));
    } else {
      const payload = message.payload as RemoteEvents[keyof RemoteEvents];
      if (message.event === 'error') (payload as { error: unknown }).error = reviveError((payload as { error: unknown }).error);
      mirror.event(message.event, payload);
      if (message.event === 'error') reportError(payload as ProxyEvents['error']);
      else events.emit(message.event, payload as never);
    }
  }
}

function onRun(note: RunNote, mirror: TaskMirror, events: Emitter<ProxyEvents>): void {
  const [kind, name, scheduledAt] = note;
  if (kind === 'ended') return mirror.ended(name, scheduledAt, note[4]);
  const run: RemoteRun = { scheduledAt: new Date(scheduledAt), startedAt: new Date(note[3]), kind: note[4] };
  if (kind === 'success') {
    mirror.ended(name, scheduledAt, run.kind);
    events.emit('success', { task: { name }, run, value: note[6], durationMs: note[5] });
  } else {
    mirror.began(name, run);
    if (kind === 'start') events.emit('start', { task: { name }, run });
  }
}

/** A TaskInfo from the host, its last outcome's error revived. */
export function reviveInfo(info: TaskInfo): TaskInfo {
  const last = info.lastOutcome;
  if (!last || last.error === undefined || last.error instanceof Error) return info;
  return { ...info, lastOutcome: { ...last, error: reviveError(last.error) } };
}
