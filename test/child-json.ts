/**
 * Runs a Node child process to its end and reads the JSON it prints on stdout, capturing its
 * stderr (returned, never printed, so a passing suite stays quiet). A child that has not
 * exited within `timeoutMs` is killed and the promise rejects, naming it.
 */
import { spawn } from 'node:child_process';

export function runChildJson<T>(
  name: string,
  args: string[],
  options: { cwd?: string; timeoutMs?: number } = {},
): Promise<{ value: T; stderr: string; code: number | null }> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: options.cwd });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not finish within ${timeoutMs / 1000} s; stderr: ${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(guard);
      try {
        resolve({ value: JSON.parse(stdout) as T, stderr, code });
      } catch {
        reject(new Error(`${name} printed no result (exit ${String(code)}); stdout: ${stdout}; stderr: ${stderr}`));
      }
    });
  });
}
