/**
 * The admin API's guards: bearer tokens (full and read-only, compared in constant time),
 * loopback unless allowed, the body limit, malformed JSON, and serve()'s own options.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { harness, stopAll } from '../helpers.js';
import { serve } from '../../lib/admin/http.js';
import { tokenMatches } from '../../lib/admin/http-auth.js';
import { READ_TOKEN, TOKEN, closeServers, start } from './http-helpers.js';

const test = suite('admin HTTP API: tokens, hosts and bodies');
test.after.each(async () => {
  await closeServers();
  await stopAll();
});

function setup() {
  const h = harness({ listen: false });
  h.scheduler.define('noop', () => {});
  h.scheduler.addIntervalTask({ name: 'tick', action: 'noop', interval: 60_000, initialDelay: 60_000 });
  h.scheduler.start();
  return h;
}

const CHANGING = [['POST', '/api/jobs'], ['DELETE', '/api/jobs/tick'], ['DELETE', '/api/jobs?confirm=all'], ['POST', '/api/jobs/tick/run'], ['POST', '/api/jobs/tick/pause'], ['POST', '/api/jobs/tick/resume'], ['POST', '/api/pause'], ['POST', '/api/resume'], ['DELETE', '/api/orphans']] as const;
const READING = ['/api/health', '/api/jobs', '/api/jobs/tick', '/api/scheduled', '/api/orphans', '/api/upcoming', '/metrics'];

test('no token, a wrong one, a malformed header: 401 with WWW-Authenticate, on every route but GET /', async () => {
  const { scheduler } = setup();
  const api = await start(scheduler);
  for (const path of [...READING, '/api/nothing']) {
    for (const [token, headers] of [[null, {}], ['wrong-token-0123456789abcdef', {}], [`${TOKEN}x`, {}], [TOKEN.slice(0, -1), {}], [null, { authorization: `Basic ${TOKEN}` }], [null, { authorization: TOKEN }]] as const) {
      const r = await api.call('GET', path, { token, headers });
      assert.is(r.status, 401, `${path} ${String(token)} ${JSON.stringify(headers)}`);
      assert.is(r.json.error.code, 'unauthorized');
      assert.is(r.headers.get('www-authenticate'), 'Bearer realm="kronos"');
    }
  }
  for (const [method, path] of CHANGING) assert.is((await api.call(method, path, { token: null })).status, 401, `${method} ${path}`);
  assert.equal(scheduler.tasks().map((t) => [t.name, t.state]), [['tick', 'scheduled']], 'nothing changed');
  assert.is((await api.call('GET', '/api/jobs', { headers: { authorization: `bearer  ${TOKEN}` } })).status, 200, 'the scheme is case-insensitive');
});

test('the read-only token reads everything and changes nothing: 403 on every changing route', async () => {
  const { scheduler } = setup();
  const api = await start(scheduler);
  for (const path of READING) assert.is((await api.call('GET', path, { token: READ_TOKEN })).status, 200, path);
  for (const [method, path] of CHANGING) {
    const r = await api.call(method, path, { token: READ_TOKEN, body: {} });
    assert.is(r.status, 403, `${method} ${path}`);
    assert.equal(r.json.error, { code: 'forbidden', message: 'The read-only token may not change anything' });
  }
  assert.equal(scheduler.tasks().map((t) => [t.name, t.state]), [['tick', 'scheduled']]);
  assert.is((await api.call('POST', '/api/jobs/tick/pause')).status, 200, 'the full token may');
});

test('tokens are compared in constant time: sha-256 digests through crypto.timingSafeEqual', () => {
  const expected = createHash('sha256').update(TOKEN).digest();
  assert.ok(tokenMatches(TOKEN, expected));
  assert.not.ok(tokenMatches(TOKEN.slice(0, -1), expected));
  assert.not.ok(tokenMatches('', expected));
  assert.not.ok(tokenMatches(`${TOKEN}${TOKEN}`, expected));
  const source = readFileSync(fileURLToPath(new URL('../../lib/admin/http-auth.ts', import.meta.url)), 'utf8');
  assert.match(source, /timingSafeEqual\(digest\(given\), expected\)/);
  assert.not.match(source, /given\s*[!=]==?|[!=]==?\s*given/, 'no direct comparison of the given token');
});

test('a token is generated when none is given; bad tokens and options are TypeError/RangeError naming them', async () => {
  const { scheduler } = setup();
  const server = await serve(scheduler);
  try {
    assert.match(server.token, /^[\w-]{32}$/);
    const r = await fetch(`${server.url}/api/health`, { headers: { authorization: `Bearer ${server.token}` } });
    assert.is(r.status, 200);
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  } finally {
    await server.close();
  }
  const cases: Array<[Record<string, unknown>, new (...a: never[]) => Error, RegExp]> = [
    [{ token: 'short' }, RangeError, /Expected `token` to be a string of at least 16 characters without spaces, got `"5 characters"`/],
    [{ token: 42 }, TypeError, /Expected `token` to be a string/],
    [{ token: TOKEN, readOnlyToken: TOKEN }, RangeError, /Expected `readOnlyToken` to be different from `token`/],
    [{ port: 70_000 }, RangeError, /Expected `port` to be an integer from 0 to 65535, got `70000`/],
    [{ bodyLimit: 0 }, RangeError, /Expected `bodyLimit`/],
    [{ allowRemote: 'yes' }, TypeError, /Expected `allowRemote` to be true or false/],
    [{ allowModules: '/tmp' }, TypeError, /Expected `allowModules` to be an array/],
    [{ colour: 'red' }, TypeError, /Expected `colour` to be a known option/],
  ];
  for (const [options, type, message] of cases) {
    try {
      await serve(scheduler, options);
      assert.unreachable(JSON.stringify(options));
    } catch (error) {
      assert.instance(error, type, JSON.stringify(options));
      assert.match((error as Error).message, message);
    }
  }
});

test('loopback by default: another host is refused without allowRemote, and served with it', async () => {
  const { scheduler } = setup();
  for (const host of ['0.0.0.0', '::', '192.168.1.10', 'example.com']) {
    try {
      await serve(scheduler, { token: TOKEN, host });
      assert.unreachable(host);
    } catch (error) {
      assert.instance(error, RangeError);
      assert.match((error as Error).message, new RegExp(`Expected \`host\` to be a loopback address \\(127\\.0\\.0\\.1, ::1, localhost\\) unless \`allowRemote: true\` is given, got \`"${host.replace(/\./g, '\\.')}"\``));
    }
  }
  for (const host of ['localhost', '127.0.0.2']) {
    const api = await start(scheduler, { host });
    assert.is((await api.call('GET', '/api/health')).status, 200, host);
  }
  const open = await start(scheduler, { host: '0.0.0.0', allowRemote: true });
  assert.match(open.server.url, /^http:\/\/0\.0\.0\.0:\d+$/);
  const r = await fetch(`http://127.0.0.1:${open.server.port}/api/health`, { headers: { authorization: `Bearer ${TOKEN}` } });
  assert.is(r.status, 200);
});

test('a body over the limit: 413, declared or streamed; nothing is added', async () => {
  const { scheduler } = setup();
  const api = await start(scheduler, { bodyLimit: 200 });
  const big = { name: 'big', type: 'interval', interval: 1000, handler: 'noop', args: ['x'.repeat(300)] };
  const declared = await api.call('POST', '/api/jobs', { body: big });
  assert.is(declared.status, 413);
  assert.equal(declared.json.error, { code: 'payload-too-large', message: 'The body is larger than the limit of 200 bytes' });
  const text = JSON.stringify(big);
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i < text.length; i += 50) controller.enqueue(new TextEncoder().encode(text.slice(i, i + 50)));
      controller.close();
    },
  });
  const streamed = await fetch(`${api.server.url}/api/jobs`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body: stream, duplex: 'half' } as RequestInit);
  assert.is(streamed.status, 413);
  assert.is(((await streamed.json()) as { error: { code: string } }).error.code, 'payload-too-large');
  assert.equal(scheduler.tasks().map((t) => t.name), ['tick']);
  const small = await api.call('POST', '/api/jobs', { body: { name: 's', type: 'interval', interval: 1000, handler: 'noop' } });
  assert.is(small.status, 201, 'a body within the limit is read');
});

test.run();
