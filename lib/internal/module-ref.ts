/**
 * Module-referenced actions `{ module, export }`: resolved to a `file:` URL once, when the
 * task is added (so a relative path means the working directory of that moment, not of
 * whichever thread or process later runs it), checked to exist then (a weekly job must not
 * fail days later for a typo), and imported lazily by module-loader.ts.
 */
import { statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describeValue } from '../errors.js';
import type { ModuleReference } from '../types.js';

export { loadExport } from './module-loader.js';

/**
 * Resolves a module reference's `module` to a URL string (relative paths: against
 * `process.cwd()`), and throws a TypeError naming `action.module`, the resolved path and the
 * working directory when that is not an existing file.
 */
export function resolveModuleUrl(module: string | URL): string {
  let url: string;
  if (module instanceof URL) url = module.href;
  else if (/^(file|data|node):/.test(module)) url = new URL(module).href;
  else url = pathToFileURL(isAbsolute(module) ? module : resolve(process.cwd(), module)).href;
  if (url.startsWith('file:')) checkFile(module, url);
  return url;
}

function checkFile(module: string | URL, url: string): void {
  const path = fileURLToPath(url);
  const stat = statSync(path, { throwIfNoEntry: false });
  if (stat?.isFile()) return;
  const relative = typeof module === 'string' && !/^file:/.test(module) && !isAbsolute(module);
  const where = relative ? ` (a relative path resolves against the working directory, process.cwd() = ${process.cwd()})` : '';
  const what = stat ? 'is not a file' : 'does not exist';
  throw new TypeError(`Expected \`action.module\` to name an existing file, got ${describeValue(module instanceof URL ? module.href : module)}: ${path} ${what}${where}`);
}

export function exportNameOf(ref: ModuleReference): string {
  return ref.export ?? 'default';
}

/** Throws a TypeError naming `option` unless `value` survives `structuredClone`. */
export function checkCloneable(value: unknown, option: string, taskName: string): void {
  try {
    structuredClone(value);
  } catch (error) {
    throw new TypeError(
      `Task "${taskName}": \`${option}\` must be structured-cloneable to cross to a worker (${(error as Error).message})`,
    );
  }
}
