/**
 * How a worker thread or child process gets started on worker-entry (pool workers) or
 * host-entry (ThreadedScheduler/ForkedScheduler), whether this package runs as built
 * JavaScript or as TypeScript sources under tsx.
 *
 * Node 20 does not apply `--import tsx` hooks inside worker threads, so a `.ts` entry is
 * started in a thread by an eval bootstrap that registers tsx through its API and then
 * imports the entry; a child process is a fresh Node and takes `--import <tsx loader>`.
 * A `.js` entry (the built package) is started directly: no tsx involved.
 */
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface WorkerScript {
  /** For `new Worker(script, { eval })`. */
  thread: { script: string; eval: boolean };
  /** For `fork(script, [], { execArgv })`. */
  process: { script: string; execArgv: string[] };
}

/** The entry module `name` next to `base` (an `import.meta.url`), with the same extension. */
export function siblingEntry(base: string, name: string): URL {
  const ext = /\.([mc]?[jt]s)$/.exec(new URL(base).pathname)?.[1] ?? 'js';
  return new URL(`./${name}.${ext}`, base);
}

export function workerScript(entry: URL): WorkerScript {
  const path = fileURLToPath(entry);
  if (!/\.[mc]?ts$/.test(path)) return { thread: { script: path, eval: false }, process: { script: path, execArgv: [] } };
  // createRequire rather than import.meta.resolve: the latter is missing when tsx runs
  // these sources as CommonJS (uvu -r tsx).
  const require = createRequire(import.meta.url);
  const api = pathToFileURL(require.resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const loader = pathToFileURL(require.resolve('tsx')).href;
  const bootstrap =
    `import(${JSON.stringify(api)}).then((tsx) => { (tsx.register ?? tsx.default.register)(); ` +
    `return import(${JSON.stringify(entry.href)}); })` +
    '.catch((error) => { setImmediate(() => { throw error; }); });';
  return { thread: { script: bootstrap, eval: true }, process: { script: path, execArgv: ['--import', loader] } };
}
