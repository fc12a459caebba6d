// Issue 9.3: an error value that util.inspect cannot print (its Symbol.toStringTag getter
// throws) made the default logger throw. From an async action that ended in an
// unhandledRejection (exit 1), in the sequential lane it stopped the lane, and from a
// listener it made start() throw. Every logger call is now guarded and given a value that
// can be printed; a logger that throws by itself is contained too.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { describeError } from '../../lib/errors.js';
import { guardLogger } from '../../lib/internal/logger.js';
import type { Logger } from '../../lib/types.js';
import { T0, harness, stopAll, watchProcessErrors } from '../helpers.js';
import { recordOf } from '../../lib/scheduler/task-record.js';
import type { Task as AnyTask } from '../../lib/tasks/task.js';

/** What the scheduler knows about a task (its record), for reads the TaskInfo does not carry. */
const stateOf = (task: AnyTask | undefined) => (task === undefined ? undefined : recordOf(task) ?? undefined);

const test = suite('an unprintable error value never kills the process');
test.after.each(stopAll);

const fixture = fileURLToPath(new URL('../fixtures/unprintable-error.ts', import.meta.url));

function unprintable(): object {
  return {
    get [Symbol.toStringTag](): string {
      throw new Error('x');
    },
  };
}

function runFixture(mode: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const ALL_RAN = { startThrew: false, healthy: 4, runs: 4 };

test('from an async action with the default logger: no unhandledRejection, the task keeps its schedule', async () => {
  const { code, stdout, stderr } = await runFixture('async');
  assert.is(code, 0, stderr);
  assert.equal(JSON.parse(stdout), { ...ALL_RAN, failures: 4, state: 'scheduled' });
  assert.is(stderr.split('\n').filter((line) => line.startsWith('[kronos] Task "hostile" failed')).length, 4);
});

test('from a sequential action with the default logger: the lane keeps going', async () => {
  const { code, stdout, stderr } = await runFixture('sequential');
  assert.is(code, 0, stderr);
  assert.equal(JSON.parse(stdout), { ...ALL_RAN, failures: 4, state: 'scheduled' });
});

test('from a listener with the default logger: start() does not throw and runs go on', async () => {
  const { code, stdout, stderr } = await runFixture('listener');
  assert.is(code, 0, stderr);
  assert.equal(JSON.parse(stdout), { ...ALL_RAN, failures: 0, state: 'scheduled' });
  assert.is(stderr.split('\n').filter((line) => line.startsWith('[kronos] A listener for "start" threw')).length, 8);
});

test('a logger that throws is contained: runs, reports and the lane go on', async () => {
  const watch = watchProcessErrors();
  const calls: string[] = [];
  const logger: Logger = {
    warn(message) {
      calls.push(message);
      throw new Error('logger down');
    },
    error(message) {
      calls.push(message);
      throw new Error('logger down');
    },
  };
  const h = harness({ logger, listen: false });
  let healthy = 0;
  h.scheduler.addIntervalTask({ name: 'async', interval: 1000, action: async () => { throw new Error('a'); } });
  h.scheduler.addIntervalTask({ name: 'seq', interval: 1000, processMethod: 'sequential', action: () => { throw new Error('s'); } });
  h.scheduler.addIntervalTask({ name: 'healthy', interval: 1000, processMethod: 'sequential', action: () => { healthy++; } });
  h.scheduler.on('success', () => { throw new Error('listener'); });
  h.scheduler.start();
  await h.clock.advance(2000);
  watch.dispose();
  assert.equal(watch.errors, []);
  assert.is(healthy, 3);
  assert.is(stateOf(h.scheduler.getTask('async'))?.failures, 3);
  assert.is(stateOf(h.scheduler.getTask('seq'))?.failures, 3);
  // Each report is tried once more with a described value, then given up on.
  assert.is(calls.filter((m) => m === 'Task "async" failed').length, 6);
  assert.is(calls.filter((m) => m === 'A listener for "success" threw; the scheduler carries on').length, 6);
});

test('a custom logger gets the error itself when it can be printed, else a safe description', async () => {
  const h = harness({ listen: false });
  const plain = new Error('plain');
  const hostile = unprintable();
  h.scheduler.addSingleTask({ name: 'plain', at: T0 + 10, action: () => { throw plain; } });
  h.scheduler.addSingleTask({ name: 'hostile', at: T0 + 10, action: () => { throw hostile; } });
  h.scheduler.start();
  await h.clock.advance(10);
  assert.equal(h.record.logs.map((l) => l.message), ['Task "plain" failed', 'Task "hostile" failed']);
  assert.is(h.record.logs[0]?.details, plain);
  assert.type(h.record.logs[1]?.details, 'string');
  assert.match(h.record.logs[1]?.details as string, /unprintable/);
});

test('describeError never throws, whatever the value', () => {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  const values: unknown[] = [
    unprintable(),
    proxy,
    Object.create(null),
    { toString() { throw new Error('no'); } },
    Symbol('s'),
    10n,
    new Error('boom'),
    undefined,
  ];
  for (const value of values) assert.type(describeError(value), 'string');
  assert.match(describeError(new Error('boom')), /^Error: boom/);
  assert.is(describeError(proxy), '<Revoked Proxy>');
  assert.is(describeError(unprintable()), '[unprintable value: x]');
});

test('guardLogger never throws and passes printable details through', () => {
  const seen: unknown[] = [];
  const logger = guardLogger({ warn: (_m, d) => seen.push(d), error: () => { throw new Error('down'); } });
  const error = new Error('e');
  logger.warn('w', error);
  logger.error('e', unprintable());
  assert.equal(seen, [error]);
  assert.is(guardLogger(logger), logger, 'guarding twice returns the same logger');
});

test.run();
