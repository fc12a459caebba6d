#!/usr/bin/env node
// CI's package check, as a new user meets the package: `npm pack` (which builds on
// `prepack`), install the tarball into an empty app, then import both entry points from ESM
// and from CommonJS (`require` of ESM: Node ≥ 20.19), run a threaded and a forked job from
// the built files, type-check and run the README's quick start against the installed types.
// Ends with `pack check: N passed, N failed`, which .ci/run adds to its totals.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { blockFiles, codeBlocks } from './docs/blocks.mjs';
import { declarations, runtime } from './docs/placeholders.mjs';
import { appFiles } from './pack-check/app-files.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const work = mkdtempSync(join(tmpdir(), 'kronos-pack-'));
const app = join(work, 'app');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const quiet = { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
let passed = 0;
let failed = 0;

function step(name, body) {
  try {
    const detail = body();
    passed += 1;
    process.stdout.write(`ok   ${name}${detail ? `: ${detail}` : ''}\n`);
    return true;
  } catch (error) {
    failed += 1;
    process.stdout.write(`FAIL ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    return false;
  }
}

function sh(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', env: quiet, timeout: 180_000, ...options });
  if (result.status !== 0) {
    throw new Error(`\`${command} ${args.join(' ')}\` exited with ${result.status ?? result.signal}\n${result.stdout}${result.stderr}`);
  }
  return result;
}

/** Runs `node args` in the app until it exits, or until `stopWhen` appears on stdout (then SIGTERM). */
function runNode(args, { stopWhen, timeoutMs = 20_000 } = {}) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: app, env: quiet, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (stopWhen && stdout.includes(stopWhen)) child.kill('SIGTERM');
    });
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
}

function expectClean(name, result) {
  if (result.code === undefined) result = { ...result, code: result.status, timedOut: result.error?.code === 'ETIMEDOUT' };
  if (result.timedOut) throw new Error(`${name} still running after its time limit\n${result.stdout}${result.stderr}`);
  if (result.code !== 0) throw new Error(`${name} exited with ${result.code ?? result.signal}\n${result.stdout}${result.stderr}`);
  if (result.stderr.trim()) throw new Error(`${name} wrote to stderr:\n${result.stderr}`);
  return result.stdout.trim().split('\n').pop();
}

let tarball;
const packed = step('npm pack builds and ships the code', () => {
  sh(npm, ['pack', '--pack-destination', work], { cwd: root });
  tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new Error('no tarball');
  const listing = sh('tar', ['-tzf', join(work, tarball)]).stdout.split('\n');
  const needed = ['index.js', 'index.d.ts', 'testing.js', 'testing.d.ts', 'execution/worker-entry.js', 'variants/host-entry.js',
    'store/postgres/postgres-store.js', 'store/postgres/schema/001-init.sql', 'admin/dashboard/assets.js', 'admin/dashboard/static/index.html', 'admin/dashboard/static/app.js']
    .map((f) => `package/dist/${f}`)
    .concat(['package/LICENSE', 'package/README.md', 'package/package.json']);
  const missing = needed.filter((f) => !listing.includes(f));
  if (missing.length > 0) throw new Error(`missing from ${tarball}: ${missing.join(', ')}`);
  return `${tarball}, ${listing.filter(Boolean).length} files`;
});

const installed = packed && step('the tarball installs into an empty app', () => {
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'pack-check-app', private: true, type: 'module' }));
  sh(npm, ['install', join(work, tarball), '--no-audit', '--no-fund', '--prefer-offline'], { cwd: app });
  const quick = codeBlocks(join(root, 'README.md')).find((b) => b.code.includes('// server.ts'));
  if (!quick) throw new Error("README.md has no quick start block with a `// server.ts` file");
  for (const file of blockFiles(quick.code)) writeFileSync(join(app, file.name), file.text);
  writeFileSync(join(app, 'placeholders.d.ts'), declarations);
  writeFileSync(join(app, 'placeholders.mjs'), runtime);
  for (const [name, text] of Object.entries(appFiles(root))) writeFileSync(join(app, name), text);
});

if (installed) {
  step('ESM: import both entry points, run a task on a ManualClock, a threaded and a forked job', () => {
    return expectClean('esm.mjs', spawnSync(process.execPath, ['esm.mjs'], { cwd: app, encoding: 'utf8', timeout: 30_000 }));
  });
  step(`CJS: require both entry points (Node ${process.version})`, () => {
    return expectClean('cjs.cjs', spawnSync(process.execPath, ['cjs.cjs'], { cwd: app, encoding: 'utf8', timeout: 30_000 }));
  });
  step('the README quick start type-checks against the installed types (strict, NodeNext)', () => {
    sh(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json', '--pretty', 'false'], { cwd: app });
  });
  const tsx = import.meta.resolve('tsx');
  const quick = await runNode(['--import', tsx, '--import', './placeholders.mjs', 'server.ts'], { stopWhen: 'ran synchronizeStock' });
  step('the README quick start runs its jobs and stops cleanly on SIGTERM', () => {
    expectClean('server.ts', quick);
    if (!quick.stdout.includes('ran synchronizeStock')) throw new Error(`no run seen:\n${quick.stdout}`);
  });
}

rmSync(work, { recursive: true, force: true });
process.stdout.write(`pack check: ${passed} passed, ${failed} failed\n`);
process.exitCode = failed > 0 ? 1 : 0;
