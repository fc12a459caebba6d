#!/usr/bin/env node
// CI's docs check: every `ts` block in README.md and docs/*.md is written to .docs-check/
// (inside the project, so `kronos-scheduler` maps to lib/ through tsconfig `paths`) and
// type-checked in one strict `tsc` run; blocks marked `<!-- run -->` are then run with tsx
// (10 s each, must exit 0). Blocks marked `<!-- fragment -->` are deliberately incomplete
// and skipped. Ends with `docs check: N passed, N failed`, which .ci/run adds to its totals.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { blockFiles, codeBlocks } from './docs/blocks.mjs';
import { declarations, runtime } from './docs/placeholders.mjs';
import { preludeFor, publicNames } from './docs/prelude.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, '.docs-check');
const RUN_TIMEOUT_MS = 10_000;
const require = createRequire(import.meta.url);

const names = publicNames(root);
const docs = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'placeholders.d.ts'), declarations);
writeFileSync(join(out, 'placeholders.mjs'), runtime);
writeFileSync(join(out, 'tsconfig.json'), JSON.stringify({
  extends: '../tsconfig.json',
  compilerOptions: {
    noEmit: true,
    rootDir: '..',
    // Examples show one call or one class; an unused import or parameter there is fine.
    noUnusedLocals: false,
    noUnusedParameters: false,
    paths: { 'kronos-scheduler': ['../lib/index.ts'], 'kronos-scheduler/testing': ['../lib/testing.ts'] },
  },
  include: ['./**/*.ts'],
}, null, 2));

/** Generated file → where its first line sits in the docs, to report errors at doc lines. */
const origin = new Map();
const blocks = [];
let passed = 0;
let failed = 0;
const fail = (where, message) => {
  failed += 1;
  process.stdout.write(`FAIL ${where}: ${message}\n`);
};

for (const doc of docs) {
  for (const block of codeBlocks(join(root, doc))) {
    const where = `${doc}:${block.line}`;
    if (block.lang === '') {
      fail(where, 'a code block needs a language (`ts`, `sh`, `text`...), so the check knows what it is');
      continue;
    }
    if (block.mode === 'other' || block.mode === 'fragment') continue;
    const dir = join(out, `${doc.replace(/[/.]/g, '_')}_${block.line}`);
    mkdirSync(dir, { recursive: true });
    const files = blockFiles(block.code);
    for (const file of files) {
      const path = join(dir, file.name);
      // The prelude shares the first line, so that line numbers still match the doc. Each file
      // is a module, so that two examples may both declare `scheduler`.
      writeFileSync(path, `${preludeFor(file.text, names)}${file.text}\nexport {};\n`);
      origin.set(relative(root, path), { doc, line: block.line + file.offset, dir });
    }
    blocks.push({ ...block, where, dir, entry: join(dir, files[files.length - 1].name) });
  }
}

// One tsc run for all blocks: errors are mapped back to `doc:line`; a block with any error
// counts as one failure.
const tsc = require.resolve('typescript/bin/tsc');
const result = spawnSync(process.execPath, [tsc, '-p', join(out, 'tsconfig.json'), '--pretty', 'false'], { cwd: root, encoding: 'utf8' });
const broken = new Set();
for (const line of new Set(`${result.stdout}${result.stderr}`.split('\n'))) {
  if (!line.trim()) continue;
  const match = /^(.+?)\((\d+),(\d+)\): (error .*)$/.exec(line);
  const at = match && origin.get(relative(root, join(root, match[1])));
  if (!at) {
    fail('tsc', line);
    continue;
  }
  process.stdout.write(`FAIL ${at.doc}:${at.line + Number(match[2]) - 1}: ${match[4]}\n`);
  if (!broken.has(at.dir)) failed += 1;
  broken.add(at.dir);
}

function run(block) {
  return new Promise((resolve) => {
    const args = ['--import', 'tsx', '--import', pathToFileURL(join(out, 'placeholders.mjs')).href, block.entry];
    const env = { ...process.env, TSX_TSCONFIG_PATH: join(out, 'tsconfig.json') };
    const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output });
    });
  });
}

for (const block of blocks) {
  if (broken.has(block.dir)) continue;
  if (block.mode !== 'run') {
    passed += 1;
    continue;
  }
  const { code, signal, output } = await run(block);
  if (code === 0) {
    passed += 1;
    process.stdout.write(`ran ${block.where}\n`);
  } else {
    fail(block.where, signal === 'SIGKILL' ? `still running after ${RUN_TIMEOUT_MS} ms` : `exited with code ${code}\n${output}`);
  }
}

if (failed === 0 && !process.argv.includes('--keep')) rmSync(out, { recursive: true, force: true });
process.stdout.write(`docs check: ${passed} passed, ${failed} failed (${blocks.length} blocks checked, ${blocks.filter((b) => b.mode === 'run').length} run)\n`);
process.exitCode = failed > 0 ? 1 : 0;
