#!/usr/bin/env node
// Mutation check: applies one-line bugs from a JSON list to lib/, one at a time, runs the
// tests on each and reports which the tests caught, and by which failing test.
// Usage: node scripts/mutants.mjs [list.json]
//   MUTANT=3 or MUTANT=3,7   only these mutants (indexes in the list)
//   PASS=2                   skip pass 1 (for mutants known to survive their mirrored folder)
//   BASELINE=0               skip the first, unmutated run of the whole suite
//   SKIP_FILES=a/b.test.ts   leave out files (paths under test/, comma-separated) that fail
//                            without any mutant, as the baseline run would find
// Each mutant is { file, from, to, why }: `from` must occur exactly once in `file`.
// Pass 1 runs each mutant against its mirrored test folder (lib/time → test/time; a file at
// the root of lib/, or in a folder with no test folder of its own such as lib/internal,
// → test/*.test.ts); pass 2 runs the survivors against the rest of the suite,
// folder by folder, the regressions first. Every run bails at its first failure, under
// TZ=America/New_York, and a failing file is run again alone to confirm it: one that then
// passes is reported as a flake (a real-time test under load) and the run goes on without it.
// A run that times out counts as caught (a hang) and says so.
// Note: uvu reads `-b <word>` as that flag's value, so the folder must come before `--bail`.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const list = JSON.parse(readFileSync(process.argv[2] ?? join(root, 'test', 'mutants.json'), 'utf8'));
const only = process.env.MUTANT ? new Set(process.env.MUTANT.split(',').map(Number)) : null;
/** PASS=2 skips pass 1 (for mutants already known to survive their mirrored folder). */
const firstPass = process.env.PASS === '2' ? 2 : 1;
const uvu = join(root, 'node_modules', 'uvu', 'bin.js');

/** The test folder mirroring a lib file's folder, or null for files at the root of lib/. */
function areaOf(file) {
  const match = /^lib\/([^/]+)\//.exec(file);
  return match && existsSync(join(root, 'test', match[1])) ? match[1] : null;
}

function runOnce(dir, pattern, ignores) {
  const args = [dir, pattern, ...ignores.flatMap((ignore) => ['-i', ignore])];
  // Positional arguments first: uvu reads `-b <word>` as the flag's value, so `-b test`
  // would swallow the folder and every mutant would "fail" on a missing directory.
  const result = spawnSync(process.execPath, [uvu, ...args, '-r', 'tsx', '--bail'], {
    cwd: root, env: { ...process.env, TZ: 'America/New_York' }, encoding: 'utf8', timeout: 300_000,
  });
  // eslint-disable-next-line no-control-regex
  const out = ((result.stdout ?? '') + (result.stderr ?? '')).replace(/\x1b\[[0-9;]*m/g, '');
  if (result.status === 0 && !/FAIL/.test(out)) return null;
  if (result.error) return { text: `timeout/hang (${result.error.message})`, file: null };
  const lines = out.split('\n');
  const at = lines.findIndex((line) => /FAIL/.test(line));
  // uvu prints each file's name (relative to `dir`) before its suites.
  const file = lines.slice(0, at < 0 ? lines.length : at).reverse().find((line) => /^\S+\.test\.ts$/.test(line.trim()))?.trim() ?? null;
  const text = at >= 0 ? lines[at].trim() : `exit ${result.status}: ${out.trim().split('\n').slice(-3).join(' | ').slice(0, 300)}`;
  return { text: file ? `${file}: ${text}` : text, file };
}

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Files that failed in the suite but passed when run again alone: real-time tests under load. */
const flaky = [];
/** Files that fail without any mutant (found by the baseline run): left out of every run. */
const broken = (process.env.SKIP_FILES ?? '').split(',').filter(Boolean);

/** `broken` (paths under test/) as uvu ignore patterns for a run in `dir`. */
function brokenIn(dir) {
  const prefix = dir === 'test' ? '' : `${dir.slice('test/'.length)}/`;
  return broken.filter((file) => file.startsWith(prefix)).map((file) => `^${escape(file.slice(prefix.length))}$`);
}

/**
 * The first failure in `dir`, confirmed: a failing file is run again on its own, and a file
 * that then passes is reported as a flake and left out of a second pass (twice at most).
 */
function runSuites(dir, pattern, ignores = []) {
  const skip = [...ignores, ...brokenIn(dir)];
  for (let pass = 0; pass < 3; pass++) {
    const failure = runOnce(dir, pattern, skip);
    if (failure !== null && failure.file === null && !failure.text.startsWith('timeout')) {
      // No test failed, the process did (a module that would not load, a missing package):
      // a mutant that breaks loading does so every time, a passing hiccup does not.
      const again = runOnce(dir, pattern, skip);
      if (again === null) {
        console.log(`    (hiccup: ${failure.text.slice(0, 120)} did not happen again)`);
        continue;
      }
    }
    if (failure === null || failure.file === null) return failure?.text ?? null;
    const again = runOnce(dir, `^${escape(failure.file)}$`, []);
    if (again !== null) return failure.text;
    console.log(`    (flake: ${failure.text.split('\n')[0]} passed when run alone; run again without it)`);
    flaky.push(failure.file);
    skip.push(`^${escape(failure.file)}$`);
  }
  return null;
}

// A suite that fails without any mutant would "catch" every mutant: find such files first,
// report them, and leave them out (a mutant they would have caught counts as a survivor).
if (process.env.BASELINE !== '0') {
  for (let pass = 0; pass < 5; pass++) {
    const failure = runSuites('test', '\\.test\\.ts$');
    if (failure === null) break;
    const file = /^(\S+\.test\.ts):/.exec(failure)?.[1];
    console.log(`baseline: fails without mutants, left out of every run: ${failure}`);
    if (!file) process.exit(1);
    broken.push(file);
  }
  console.log(`baseline: the suite passes without mutants${broken.length ? ` (${broken.length} file(s) left out)` : ''}`);
}

/**
 * The suite outside `area`, folder by folder, the regressions first (they catch most and
 * the real-time worker suites are the slowest), stopping at the first confirmed failure.
 */
function restOfSuite(area) {
  const folders = ['regressions', 'scheduler', 'tasks', 'time', 'variants', 'execution', 'fuzz', 'types']
    .filter((folder) => folder !== area && existsSync(join(root, 'test', folder)));
  const runs = folders.map((folder) => [join('test', folder), '\\.test\\.ts$']);
  if (area !== null) runs.splice(1, 0, ['test', '^[^/]+\\.test\\.ts$']);
  for (const [dir, pattern] of runs) {
    const failure = runSuites(dir, pattern);
    if (failure) return { failure, where: dir };
  }
  return { failure: null, where: 'rest of test/' };
}

/** Applies `mutant`, calls `check`, and always restores the file. */
function withMutant(mutant, check) {
  const path = join(root, mutant.file);
  const original = readFileSync(path, 'utf8');
  const parts = original.split(mutant.from);
  if (parts.length !== 2) return { skipped: `pattern found ${parts.length - 1} times` };
  writeFileSync(path, parts.join(mutant.to));
  try {
    return check();
  } finally {
    writeFileSync(path, original);
  }
}

// Pass 1: each mutant against its mirrored test folder (fast, and most are caught there).
// Pass 2: the mutants that survived pass 1, against the rest of the suite.
const chosen = [...list.entries()].filter(([i]) => only === null || only.has(i));
const results = new Map();
for (const [i, mutant] of firstPass === 1 ? chosen : []) {
  const started = Date.now();
  const area = areaOf(mutant.file);
  const result = withMutant(mutant, () => ({
    failure: area === null ? runSuites('test', '^[^/]+\\.test\\.ts$') : runSuites(join('test', area), '\\.test\\.ts$'),
    where: area === null ? 'test/*.test.ts' : `test/${area}`,
  }));
  result.secs = (Date.now() - started) / 1000;
  results.set(i, result);
  console.log(`#${i} ${result.skipped ? 'skipped ' : result.failure ? 'caught  ' : 'pass 2  '} ${result.secs.toFixed(0)}s ${mutant.file}: ${mutant.why}`);
  if (result.failure) console.log(`    by ${result.where}: ${result.failure}`);
}
for (const [i, mutant] of chosen) {
  const first = results.get(i) ?? { secs: 0 };
  if (first.skipped || first.failure) continue;
  const started = Date.now();
  const area = areaOf(mutant.file);
  const result = withMutant(mutant, () => restOfSuite(area));
  result.secs = first.secs + (Date.now() - started) / 1000;
  results.set(i, result);
  console.log(`#${i} ${result.failure ? 'caught  ' : 'SURVIVED'} ${result.secs.toFixed(0)}s ${mutant.file}: ${mutant.why}`);
  if (result.failure) console.log(`    by ${result.where}: ${result.failure}`);
}

let caught = 0;
const survivors = [];
for (const [i, mutant] of chosen) {
  const result = results.get(i);
  if (result.failure) caught++;
  else survivors.push({ i, ...mutant, note: result.skipped });
}
const total = chosen.length;
console.log(`\n${caught} of ${total} mutants caught (${((100 * caught) / total).toFixed(0)} %)`);
for (const s of survivors) console.log(`survived #${s.i}: ${s.file}: ${s.why}${s.note ? ` (${s.note})` : ''}`);
if (flaky.length > 0) console.log(`flaky (failed in the suite, passed alone): ${[...new Set(flaky)].join(', ')}`);
