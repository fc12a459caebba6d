#!/usr/bin/env node
// Runs the uvu suites across the time-zone matrix and prints one closing line,
// `N passed, N failed`, which CI reads. The first run (America/New_York) covers every
// suite and measures coverage (c8, ≥ 90% of lines in lib/); the calendar suites run again
// under Europe/Berlin and UTC. `--no-coverage` skips the coverage report.
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { leftovers, processTable } from './leftovers.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const uvu = join(root, 'node_modules', 'uvu', 'bin.js');
const c8 = join(root, 'node_modules', 'c8', 'bin', 'c8.js');
const coverage = !process.argv.includes('--no-coverage');
const pattern = '\\.test\\.ts$';
const coverageDir = join(root, 'coverage', 'tmp');

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
    child.on('close', (code) => resolve({ code, out, pid: child.pid }));
  });
}

/**
 * Coverage comes from the test process's main thread only. Worker threads and child
 * processes load the same sources through a differently configured tsx, and merging their
 * V8 coverage by byte offset would garble the report.
 */
async function report(pid) {
  for (const file of readdirSync(coverageDir)) {
    const match = /^coverage-(\d+)-\d+-(\d+)\.json$/.exec(file);
    if (!match || Number(match[1]) !== pid || match[2] !== '0') rmSync(join(coverageDir, file));
  }
  const args = [c8, 'report', '--temp-directory', coverageDir, '--include', 'lib/**', '--exclude', 'lib/**/*-entry.ts',
    '--reporter', 'text-summary', '--reporter', 'lcov', '--check-coverage', '--lines', '90'];
  const { code } = await run(args, {});
  return code;
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
    // The suite uses small bare-number durations on purpose: Kronos' seconds-vs-ms hint
    // (KRONOS_MS_HINT) would only be noise here; its own test listens for the event.
    const nodeOptions = [process.env.NODE_OPTIONS, '--disable-warning=KRONOS_MS_HINT'].filter(Boolean).join(' ');
    const env = { TZ: spec.tz, FORCE_COLOR: '0', NODE_OPTIONS: nodeOptions };
    if (spec.coverage) {
      rmSync(coverageDir, { recursive: true, force: true });
      mkdirSync(coverageDir, { recursive: true });
      env.NODE_V8_COVERAGE = coverageDir;
    }
    const { code, out, pid } = await run(uvuArgs, env);
    let coverageCode = 0;
    if (spec.coverage) coverageCode = await report(pid);
    const t = totals(out);
    passed += t.passed;
    skipped += t.skipped;
    const runFailed = t.total - t.passed - t.skipped;
    failed += runFailed;
    if (coverageCode !== 0) {
      process.stdout.write('\n# line coverage of lib/ is below 90%\n');
      failed += 1;
    }
    if (code !== 0 && runFailed === 0) {
      // A crash, an early exit or a coverage shortfall: count it so CI cannot miss it.
      process.stdout.write(`\n# ${dir} under TZ=${spec.tz} exited with code ${code}\n`);
      failed += 1;
    }
  }
}

// No test may leave a process behind (a forked worker, a host, a fixture script). One second
// of grace for processes that are just exiting; what is still there fails the run, and is
// killed so that it does not outlive CI.
let left = processTable();
if (left === null) process.stdout.write('\n# `ps` is unavailable: leftover processes not checked\n');
else if (leftovers(left, root).length > 0) {
  await sleep(1000);
  left = leftovers(processTable() ?? [], root);
  for (const p of left) {
    process.stdout.write(`\n# a test left a process behind: pid ${p.pid}: ${p.args}\n`);
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  failed += left.length;
}

process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
process.exitCode = failed > 0 ? 1 : 0;
