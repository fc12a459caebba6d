// PostgresStore.embedded('./data/kronos') threw a raw ENOENT when `./data` did not exist: the
// lock file beside the data directory was written before anything created its parent.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostgresStore } from '../../lib/store/postgres/postgres-store.js';

const test = suite('embedded store with a missing parent directory');

test('the parent is created and the lock taken beside the data directory', async () => {
  const root = mkdtempSync(join(tmpdir(), 'kronos-parent-'));
  const dataDir = join(root, 'nested', 'deeper', 'kronos');
  try {
    const store = PostgresStore.embedded(dataDir);
    assert.ok(existsSync(`${dataDir}.lock`));
    await store.close();
    assert.not.ok(existsSync(`${dataDir}.lock`));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test.run();
