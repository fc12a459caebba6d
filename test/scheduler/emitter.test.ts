import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { consoleLogger, silentLogger } from '../../lib/internal/logger.js';
import { Emitter } from '../../lib/scheduler/emitter.js';
import type { Logger } from '../../lib/types.js';

type Events = { ping: number; error: { error: unknown } };

function make() {
  const logs: string[] = [];
  const logger: Logger = { warn: (m) => logs.push(m), error: (m) => logs.push(m) };
  return { emitter: new Emitter<Events>(() => logger), logs };
}

test('on returns an unsubscribe function; off and once work; emit says whether anybody listened', () => {
  const { emitter } = make();
  const seen: number[] = [];
  const off = emitter.on('ping', (n) => seen.push(n));
  emitter.once('ping', (n) => seen.push(n * 10));
  assert.is(emitter.emit('ping', 1), true);
  assert.is(emitter.emit('ping', 2), true);
  off();
  assert.is(emitter.emit('ping', 3), false);
  assert.equal(seen, [1, 10, 2]);
  assert.is(emitter.listenerCount('ping'), 0);
  emitter.off('error', () => {});
});

test('a throwing listener is logged and the next listener still runs', () => {
  const { emitter, logs } = make();
  const seen: number[] = [];
  emitter.on('ping', () => { throw new Error('bad'); });
  emitter.on('ping', (n) => seen.push(n));
  emitter.emit('ping', 7);
  assert.equal(seen, [7]);
  assert.equal(logs, ['A listener for "ping" threw; the scheduler carries on']);
});

test('the console logger writes warnings and errors to stderr; the silent logger drops them', () => {
  const original = { warn: console.warn, error: console.error };
  const lines: unknown[][] = [];
  console.warn = (...args: unknown[]) => lines.push(['warn', ...args]);
  console.error = (...args: unknown[]) => lines.push(['error', ...args]);
  try {
    consoleLogger.warn('w');
    consoleLogger.warn('w2', { a: 1 });
    consoleLogger.error('e');
    consoleLogger.error('e2', 'detail');
    silentLogger.warn('x');
    silentLogger.error('y');
  } finally {
    console.warn = original.warn;
    console.error = original.error;
  }
  assert.equal(lines, [['warn', '[kronos] w'], ['warn', '[kronos] w2', { a: 1 }], ['error', '[kronos] e'], ['error', '[kronos] e2', 'detail']]);
});

test.run();
