/**
 * Importing module-referenced actions, once per URL per thread, wherever the run happens:
 * the main thread for `sequential`/`concurrent`, a worker otherwise.
 *
 * Two things Node caches that must not stick: a failed import (Node keeps a module whose
 * dependency failed to load as failed for good, so a retry imports a fresh copy under a
 * query string), and a TypeScript module imported before a loader was registered (so tsx is
 * registered before the first import of a `.ts`/`.mts`/`.cts` module, never after).
 */
import { ModuleLoadError } from '../errors.js';

type Namespace = Record<string, unknown>;

const modules = new Map<string, Promise<Namespace>>();
/** Failed imports per URL: the next attempt imports `url?kronos-retry=<n>`, a new module record. */
const failures = new Map<string, number>();

/** Imports `url` (cached) and returns its export `name`, which must be a function. */
export async function loadExport(url: string, name: string): Promise<(...args: unknown[]) => unknown> {
  let loading = modules.get(url);
  if (!loading) {
    loading = importModule(url);
    modules.set(url, loading);
    loading.catch(() => {
      modules.delete(url);
      failures.set(url, (failures.get(url) ?? 0) + 1);
    });
  }
  let namespace: Namespace;
  try {
    namespace = await loading;
  } catch (error) {
    throw new ModuleLoadError(url, name, describeImportFailure(url, error), { cause: error });
  }
  const fn = namespace[name];
  if (typeof fn !== 'function') {
    const exported = Object.keys(namespace).sort();
    const found = fn === undefined ? 'it has no such export' : `the export is a ${typeof fn}, not a function`;
    throw new ModuleLoadError(url, name, `${found}; the module exports: ${exported.length ? exported.map((key) => `\`${key}\``).join(', ') : 'nothing'}`);
  }
  return fn as (...args: unknown[]) => unknown;
}

async function importModule(url: string): Promise<Namespace> {
  if (isTypeScript(url)) await registerTypeScript();
  const attempt = failures.get(url) ?? 0;
  const target = attempt > 0 && url.startsWith('file:') ? withRetry(url, attempt) : url;
  return (await import(target)) as Namespace;
}

function withRetry(url: string, attempt: number): string {
  const parsed = new URL(url);
  parsed.searchParams.set('kronos-retry', String(attempt));
  return parsed.href;
}

export function isTypeScript(url: string): boolean {
  return /\.[mc]?ts$/.test(new URL(url).pathname);
}

function describeImportFailure(url: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string } | null)?.code;
  if (code === 'ERR_UNKNOWN_FILE_EXTENSION' && isTypeScript(url)) {
    return `${message}. TypeScript job modules need tsx: install it (\`npm install --save-dev tsx\`), or point \`action.module\` at compiled JavaScript`;
  }
  if (error instanceof SyntaxError && /Unexpected token 'export'|Cannot use import statement outside a module/.test(message)) {
    return `${message}. Job modules are ES modules, and this one was read as CommonJS: the nearest package.json says "type": "commonjs" (or nothing); name the file \`.mjs\`, or set "type": "module"`;
  }
  return message;
}

let typeScript: Promise<void> | undefined;

/**
 * Registers tsx's ESM hooks in this thread, once, before the first TypeScript import. If tsx
 * is not installed, nothing is registered: the import then fails (or works, on a Node that
 * strips types) and a failure says to install tsx.
 */
export function registerTypeScript(): Promise<void> {
  typeScript ??= (async () => {
    const specifier = 'tsx/esm/api'; // a variable: tsx is optional, never a dependency
    let api: { register?: () => unknown; default?: { register?: () => unknown } };
    try {
      api = (await import(specifier)) as typeof api;
    } catch {
      return;
    }
    (api.register ?? api.default?.register)?.();
  })();
  return typeScript;
}
