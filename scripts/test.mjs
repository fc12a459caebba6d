#!/usr/bin/env node
// Runs the uvu suites across the time-zone matrix and prints one closing line,
// `N passed, N failed`, which CI reads. The first run (America/New_York) covers every
// suite under c8; the calendar suites run again under Europe/Berlin and UTC.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const uvu = join(root, 'node_modules', 'uvu', 'bin.js');
const c8 = join(root, 'node_modules', 'c8', 'bin', 'c8.js');
const coverage = !process.argv.includes('--no-coverage');
const pattern = '\\.test\\.ts$';

const runs = [
  { tz: 'America/New_York', dir: 'test', coverage },
  { tz: 'Europe/Berlin', dir: 'test', only: ['tasks', 'time', 'regressions'] },
  { tz: 'UTC', dir: 'test', only: ['tasks', 'time', 'regressions'] },
];

function run(args, env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      process.stdout.write(chunk);
    });
    child.on('close', (code) => resolve({ code, out }));
  });
}

function totals(output) {
  // uvu prints one summary per process: "Total: N  Passed: N  Skipped: N".
  const plain = output.replace(/\x1b\[[0-9;]*m/g, '');
  const total = Number(/Total:\s+(\d+)/.exec(plain)?.[1] ?? 0);
  const passed = Number(/Passed:\s+(\d+)/.exec(plain)?.[1] ?? 0);
  const skipped = Number(/Skipped:\s+(\d+)/.exec(plain)?.[1] ?? 0);
  return { total, passed, skipped };
}

let passed = 0;
let failed = 0;
let skipped = 0;
for (const spec of runs) {
  const dirs = spec.only ? spec.only.map((d) => join(spec.dir, d)) : [spec.dir];
  for (const dir of dirs) {
    process.stdout.write(`\n# TZ=${spec.tz} ${dir}\n`);
    const uvuArgs = [uvu, '-r', 'tsx', dir, pattern];
    const args = spec.coverage
      ? [c8, '--include', 'lib/**', '--reporter', 'text-summary', '--reporter', 'lcov', '--check-coverage', '--lines', '90', process.execPath, ...uvuArgs]
      : uvuArgs;
    const { code, out } = await run(args, { TZ: spec.tz, FORCE_COLOR: '0' });
    const t = totals(out);
    passed += t.passed;
    skipped += t.skipped;
    const runFailed = t.total - t.passed - t.skipped;
    failed += runFailed;
    if (code !== 0 && runFailed === 0) {
      // A crash, an early exit or a coverage shortfall: count it so CI cannot miss it.
      process.stdout.write(`\n# ${dir} under TZ=${spec.tz} exited with code ${code}\n`);
      failed += 1;
    }
  }
}

process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
process.exitCode = failed > 0 ? 1 : 0;
