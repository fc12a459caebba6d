/** Runs the `kronos` CLI as a child process (tsx, from lib/) and a `kronos run` in the background. */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const MAIN = join(ROOT, 'lib', 'admin', 'cli-main.ts');
/** The installed command (needs `npm run build`): what `npx kronos` runs. */
export const BIN = join(ROOT, 'bin', 'kronos.js');

/** How to start the CLI: from lib/ through tsx, or the built bin/kronos.js. */
const command = (built: boolean): string[] => (built ? [BIN] : ['--import', 'tsx', MAIN]);
export const TOKEN = 'test-token-0123456789abcdef';

export interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function kronos(args: string[], env: Record<string, string> = {}, { built = false } = {}): Promise<Result> {
  const child = spawn(process.execPath, [...command(built), ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

/** A temp dir with jobs.yaml (two module jobs) and its module. */
export function jobDir(): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'kronos-cli-'));
  writeFileSync(join(dir, 'tasks.mjs'), 'export function tick() {}\nexport function fail() { throw new Error("boom"); }\n');
  const file = join(dir, 'jobs.yaml');
  writeFileSync(file, [
    'jobs:',
    '  tick: { type: interval, interval: 1h, module: ./tasks.mjs, export: tick }',
    '  nightly: { type: cron, cron: "0 3 * * *", timeZone: UTC, module: ./tasks.mjs, export: fail }',
    '',
  ].join('\n'));
  return { dir, file };
}

export interface Running {
  child: ChildProcess;
  url: string;
  output(): string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
}

/** Starts `kronos run ...` and resolves once it prints that it runs (and its URL, with --http). */
export function startRun(args: string[], env: Record<string, string> = {}, { built = false } = {}): Promise<Running> {
  const child = spawn(process.execPath, [...command(built), 'run', ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const look = (): void => {
      if (!/running; Ctrl-C stops/.test(out)) return;
      resolve({ child, url: /dashboard (http:\/\/[\d.:]+)/.exec(out)?.[1] ?? '', output: () => out, exited });
    };
    child.stdout.on('data', (d) => { out += d; look(); });
    child.stderr.on('data', (d) => { out += d; });
    void exited.then((code) => reject(new Error(`kronos run exited with ${code} before running:\n${out}`)));
  });
}
