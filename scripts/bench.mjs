#!/usr/bin/env node
// `npm run bench`: build the library (tsc → dist/) when dist/ is missing or older than lib/,
// install benchmarks/ dependencies when missing (skipped in smoke mode), then run the suite.
//   BENCH_SMOKE=1 npm run bench   tiny sizes, a few seconds, no peer install needed (CI)
//   BENCH_ONLY=w1,w3 npm run bench
//   BENCH_LIBS=kronos,croner BENCH_MERGE=1   re-run some cells into the last results.json
//   BENCH_RENDER=1 npm run bench              re-render docs/benchmarks.md from results.json
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bench = join(root, 'benchmarks');
const smoke = process.env.BENCH_SMOKE === '1';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(cmd, args, cwd) {
  console.log(`$ ${cmd} ${args.join(' ')}  (in ${cwd === root ? '.' : cwd.slice(root.length + 1)})`);
  return spawnSync(cmd, args, { cwd, stdio: 'inherit', env: process.env }).status ?? 1;
}

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const entry = join(root, 'dist', 'index.js');
if (!existsSync(entry) || newest(join(root, 'lib')) > statSync(entry).mtimeMs || process.env.BENCH_BUILD === '1') {
  if (run(npm, ['run', 'build'], root) !== 0) {
    console.error('bench: `npm run build` failed (see the tsc errors above).');
    if (!existsSync(entry)) process.exit(1);
    console.error('bench: continuing with the dist/ tsc emitted anyway; results may not match lib/.');
  }
}

if (!existsSync(join(bench, 'node_modules')) && !smoke) {
  const lock = existsSync(join(bench, 'package-lock.json'));
  if (run(npm, [lock ? 'ci' : 'install', '--no-audit', '--no-fund'], bench) !== 0) process.exit(1);
}

process.exit(run(process.execPath, ['run.mjs'], bench));
