/**
 * The dashboard's files over HTTP, without a browser: the shell and its assets are served
 * without a token, carry no data, and come with a strict Content-Security-Policy; only the
 * listed assets are served (no path from a request reaches the disk).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ASSET_NAMES, DASHBOARD_CSP } from '../../lib/admin/dashboard/assets.js';
import { harness, stopAll } from '../helpers.js';
import { closeServers, start } from './http-helpers.js';

const test = suite('dashboard routes');
test.after.each(async () => {
  await closeServers();
  await stopAll();
});

function setup() {
  const { scheduler } = harness({ listen: false });
  scheduler.define('noop', () => {});
  scheduler.addIntervalTask({ name: 'secret-job-name', action: 'noop', interval: 60_000 });
  return scheduler;
}

test('GET / is the page shell: no token needed, HTML, strict CSP, no job data in it', async () => {
  const api = await start(setup());
  const r = await api.call('GET', '/', { token: null });
  assert.is(r.status, 200);
  assert.is(r.headers.get('content-type'), 'text/html; charset=utf-8');
  assert.is(r.headers.get('content-security-policy'), DASHBOARD_CSP);
  assert.is(DASHBOARD_CSP.split('; ')[0], "default-src 'self'");
  assert.is(r.headers.get('cache-control'), 'no-store');
  assert.ok(r.text.startsWith('<!doctype html>'));
  assert.ok(r.text.includes('<script type="module" src="/assets/app.js"></script>'));
  assert.not.ok(r.text.includes('secret-job-name'), 'the shell holds no data');
  assert.not.match(r.text, /<script>|<style>|\son[a-z]+=/i, 'no inline script, style or event handler');
});

test('every asset is served without a token, with its type and the same CSP', async () => {
  const api = await start(setup());
  const types: Record<string, string> = { html: 'text/html; charset=utf-8', css: 'text/css; charset=utf-8', js: 'text/javascript; charset=utf-8', svg: 'image/svg+xml' };
  for (const name of ASSET_NAMES) {
    const r = await api.call('GET', `/assets/${name}`, { token: null });
    assert.is(r.status, 200, name);
    assert.is(r.headers.get('content-type'), types[name.split('.').pop()!], name);
    assert.is(r.headers.get('content-security-policy'), DASHBOARD_CSP, name);
    assert.ok(r.text.length > 100, name);
    assert.not.ok(r.text.includes('secret-job-name'), name);
  }
});

test('the scripts import only listed assets, and use nothing that needs unsafe-eval', async () => {
  const api = await start(setup());
  for (const name of ASSET_NAMES.filter((n) => n.endsWith('.js'))) {
    const { text } = await api.call('GET', `/assets/${name}`, { token: null });
    for (const [, spec] of text.matchAll(/from '\.\/([^']+)'/g)) assert.ok(ASSET_NAMES.includes(spec!), `${name} imports ${spec}`);
    assert.not.match(text, /\beval\(|new Function|innerHTML|setTimeout\(['"`]/, name);
  }
});

test('an unlisted name is a 404, whatever it points at', async () => {
  const api = await start(setup());
  for (const path of ['/assets/nothing.js', '/assets/assets.ts', '/assets/..%2Fassets.ts', '/assets/%2e%2e%2f%2e%2e%2fhttp.ts', '/assets/static']) {
    const r = await api.call('GET', path, { token: null });
    assert.is(r.status, 404, path);
    assert.is(r.json.error.code, 'not-found', path);
  }
  assert.is((await api.call('POST', '/assets/app.js', { token: null })).status, 401, 'other methods are not open');
});

test.run();
