// issue 11 (public surface): ThreadedScheduler/ForkedScheduler exposed their emitter as a
// public `events` field, so any caller could `emit` forged 'success' or 'error' events to
// every listener. Listening goes through on/once/off; the emitter is not public.
// The type half is checked by `tsc --noEmit` (an unused @ts-expect-error fails it).
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { silentLogger } from '../../lib/internal/logger.js';
import { ThreadedScheduler } from '../../lib/variants/threaded-scheduler.js';

const test = suite('a variant does not expose its emitter');

export function typeChecks(s: ThreadedScheduler): void {
  // @ts-expect-error the emitter is not public: nobody outside can emit the proxy's events
  s.events.emit('stop', {});
}

test('on/once/off still reach the listeners; the emitter is not a public own field', () => {
  const s = new ThreadedScheduler({ logger: silentLogger });
  const seen: string[] = [];
  const off = s.on('stop', () => seen.push('on'));
  s.once('stop', () => seen.push('once'));
  off();
  assert.equal(seen, []);
  assert.not.ok(Object.keys(s).includes('events'), 'no enumerable `events` field');
});

test.run();
