/**
 * The package as users run it: lib/ transpiled to JavaScript in a temporary directory
 * (TypeScript's transpileModule, no type check: seconds, not a full build), with its
 * dependencies linked beside it, optionally with tsx, and an app script run by plain `node`
 * or `node --import tsx` in a child process.
 */
import { runChildJson } from '../child-json.js';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

const LIB = fileURLToPath(new URL('../../lib/', import.meta.url));
const APP = fileURLToPath(new URL('../fixtures/workers/plain-app.mjs', import.meta.url));

export interface PlainBuild {
  /** `file:` URL of the built package's index.js, with tsx resolvable from it. */
  withTsx: string;
  /** The same package where tsx cannot be resolved (an app that does not install it). */
  withoutTsx: string;
  dir: string;
  dispose(): void;
}

export function buildPlain(): PlainBuild {
  const dir = mkdtempSync(join(tmpdir(), 'kronos-plain-'));
  const out = join(dir, 'without-tsx');
  for (const file of walk(LIB)) {
    const target = join(out, 'lib', relative(LIB, file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    const js = ts.transpileModule(readFileSync(file, 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false },
      fileName: file,
    }).outputText;
    writeFileSync(target, js);
  }
  writeFileSync(join(out, 'package.json'), JSON.stringify({ type: 'module' }));
  const link = (root: string, name: string) => {
    mkdirSync(join(root, 'node_modules'), { recursive: true });
    // The project's own install (not require.resolve: a package's `exports` may hide package.json).
    symlinkSync(join(LIB, '..', 'node_modules', name), join(root, 'node_modules', name), 'dir');
  };
  // Every runtime dependency the package declares, as an installed app would have them.
  const declared = JSON.parse(readFileSync(join(LIB, '..', 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  for (const name of Object.keys(declared.dependencies)) link(out, name);
  const withTsx = join(dir, 'with-tsx');
  cpSync(out, withTsx, { recursive: true, verbatimSymlinks: true });
  link(withTsx, 'tsx');
  return {
    withTsx: pathToFileURL(join(withTsx, 'lib', 'index.js')).href,
    withoutTsx: pathToFileURL(join(out, 'lib', 'index.js')).href,
    dir,
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) yield path;
  }
}

export type ModeResults = Record<'sequential' | 'concurrent' | 'threaded' | 'forked', { value?: unknown; error?: string }>;

/**
 * Runs plain-app.mjs: one run of `job` in each mode with the package at `index`. Its stderr
 * is captured (returned, never printed), so a passing suite stays quiet.
 */
export async function runPlainApp(index: string, job: string, options: { tsx?: boolean } = {}): Promise<{ results: ModeResults; stderr: string; code: number | null }> {
  const args = [...(options.tsx ? ['--import', 'tsx'] : []), APP, index, job];
  const { value, stderr, code } = await runChildJson<ModeResults>('plain-app', args, { cwd: fileURLToPath(new URL('../../', import.meta.url)) });
  return { results: value, stderr, code };
}
