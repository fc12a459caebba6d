/**
 * Issue 10.9 (first half): a passing `npm test` printed V8's "FATAL ERROR: Reached heap
 * limit" banner, from the deliberate out-of-memory run of a forked worker that inherited the
 * suite's stderr. Out-of-memory jobs now run only inside a child process whose output the
 * test captures (test/execution/oom.test.ts); that suite passes with nothing of V8's shown.
 */
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';

const test = suite('the out-of-memory tests keep the suite output clean');
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function* testFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* testFiles(path);
    else if (/\.(ts|mjs)$/.test(entry.name)) yield path;
  }
}

test('no test runs the out-of-memory job in the test process itself', () => {
  const users = [...testFiles(join(ROOT, 'test'))]
    .filter((file) => /crash\.ts['"]\s*,\s*['"]oom['"]|export:\s*['"]oom['"]/.test(readFileSync(file, 'utf8')))
    .map((file) => relative(ROOT, file));
  assert.equal(users, ['test/fixtures/workers/oom-app.ts']);
});

test('the out-of-memory suite passes and prints no V8 banner', async () => {
  const uvu = join(ROOT, 'node_modules', 'uvu', 'bin.js');
  const child = spawn(process.execPath, [uvu, '-r', 'tsx', 'test/execution', 'oom\\.test\\.ts$'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  assert.is(code, 0, output);
  assert.match(output, /Passed:\s+(\x1b\[\d+m)*2\b/);
  assert.not.match(output, /FATAL ERROR|heap limit|JavaScript heap out of memory/);
});

test.run();
