// Issue 13 leftover 1: `kronos ... --store postgres://...` with a server that is not there
// printed the driver's error with a stack trace of the CLI's internals. It now prints one line
// naming the server (never the password) and exits 1, as docs/admin.md documents.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kronos } from '../admin/cli-helpers.js';

const test = suite('kronos with an unreachable store prints a stack trace');

/** A port nothing listens on (taken, then released). */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

test('list, migrate and run: one line on stderr, exit 1, no stack trace; a bad URL scheme is exit 2', async () => {
  const port = await closedPort();
  const down = `postgres://postgres:secret@127.0.0.1:${port}/postgres`;
  const dir = mkdtempSync(join(tmpdir(), 'kronos-down-'));
  writeFileSync(join(dir, 'jobs.yaml'), 'jobs:\n  beat: { type: interval, interval: 1h, handler: beat }\n');
  const line = `kronos: Cannot reach the PostgreSQL server at 127.0.0.1:${port} (ECONNREFUSED); is it running, and is --store right?\n`;
  for (const args of [['list', '--store', down], ['show', 'beat', '--store', down, '--json'], ['migrate', '--store', down], ['run', join(dir, 'jobs.yaml'), '--store', down]]) {
    const r = await kronos(args, {}, { built: true });
    assert.equal([r.code, r.stderr, r.stdout], [1, line, ''], args.join(' '));
  }
  const scheme = await kronos(['list', '--store', 'mysql://localhost/db'], {}, { built: true });
  assert.equal([scheme.code, scheme.stderr], [2, 'kronos: --store expects a connection string like postgres://user@host/db, got "mysql://localhost/db"\n']);
});

test.run();
