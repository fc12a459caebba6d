/**
 * Module-referenced actions `{ module, export }`: resolved to a `file:` URL once, when the
 * task is built (so a relative path means the working directory of that moment, not of
 * whichever thread or process later runs it), and imported lazily, once per URL, wherever
 * the run happens: the main thread for `sequential`/`concurrent`, a worker otherwise.
 */
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ModuleReference } from '../types.js';
import { ModuleLoadError } from './errors.js';

/** Resolves a module reference's `module` to a URL string (relative paths: against cwd). */
export function resolveModuleUrl(module: string | URL): string {
  if (module instanceof URL) return module.href;
  if (/^(file|data|node):/.test(module)) return new URL(module).href;
  return pathToFileURL(isAbsolute(module) ? module : resolve(process.cwd(), module)).href;
}

export function exportNameOf(ref: ModuleReference): string {
  return ref.export ?? 'default';
}

// One import per URL per thread; a failed import is forgotten so a fixed file loads next time.
const modules = new Map<string, Promise<Record<string, unknown>>>();

/** Imports `url` (cached) and returns its export `name`, which must be a function. */
export async function loadExport(url: string, name: string): Promise<(...args: unknown[]) => unknown> {
  let loading = modules.get(url);
  if (!loading) {
    loading = importModule(url);
    modules.set(url, loading);
    loading.catch(() => modules.delete(url));
  }
  let namespace: Record<string, unknown>;
  try {
    namespace = await loading;
  } catch (error) {
    throw new ModuleLoadError(url, name, error instanceof Error ? error.message : String(error), { cause: error });
  }
  const fn = namespace[name];
  if (typeof fn !== 'function') {
    const found = fn === undefined ? 'it has no such export' : `the export is a ${typeof fn}, not a function`;
    throw new ModuleLoadError(url, name, found);
  }
  return fn as (...args: unknown[]) => unknown;
}

async function importModule(url: string): Promise<Record<string, unknown>> {
  try {
    return (await import(url)) as Record<string, unknown>;
  } catch (error) {
    // A TypeScript job module outside a tsx-run process (e.g. a worker of the built
    // package): register tsx, if installed, and try once more.
    if ((error as { code?: string }).code !== 'ERR_UNKNOWN_FILE_EXTENSION' || !/\.[mc]?ts$/.test(url)) throw error;
    await registerTsx();
    return (await import(url)) as Record<string, unknown>;
  }
}

let tsxRegistered = false;

/** Registers tsx's ESM hooks in this thread (idempotent). Throws if tsx is not installed. */
export async function registerTsx(): Promise<void> {
  if (tsxRegistered) return;
  const specifier = 'tsx/esm/api'; // a variable: tsx is optional, never a dependency
  const api = (await import(specifier)) as { register: () => unknown };
  api.register();
  tsxRegistered = true;
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
