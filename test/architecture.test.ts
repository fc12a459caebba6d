/**
 * The layers of DESIGN §2, enforced: folders in lib/ import one way only,
 *   types.ts, errors.ts → internal/ → time/ → tasks/ → execution/ → store/ → scheduler/ →
 *   variants/, facade.ts, admin/, testing.ts → index.ts
 * (a file may import from its own layer or any layer to its left; type-only imports count),
 * and no two files import each other, directly or round a longer cycle.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const lib = join(dirname(fileURLToPath(import.meta.url)), '..', 'lib');

const LAYERS: Array<[string, number]> = [
  ['types.ts', 0], ['errors.ts', 0],
  ['internal/', 1], ['time/', 2], ['tasks/', 3], ['execution/', 4], ['store/', 5], ['scheduler/', 6],
  ['variants/', 7], ['facade.ts', 7], ['admin/', 7], ['testing.ts', 7],
  ['index.ts', 8],
];

function layerOf(file: string): number {
  for (const [prefix, rank] of LAYERS) if (file === prefix || (prefix.endsWith('/') && file.startsWith(prefix))) return rank;
  throw new Error(`lib/${file} belongs to no layer of DESIGN §2: move it into one, or add its layer here`);
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []);
}

/** Every relative specifier a file imports or re-exports, statically or with import(). */
function importsOf(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  const found: string[] = [];
  const pattern = /(?:^|[^\w.])(?:import|export)\s[^'"`;]*?from\s*['"](\.[^'"]+)['"]|(?:^|[^\w.])import\s*\(\s*['"](\.[^'"]+)['"]\s*\)|^\s*import\s*['"](\.[^'"]+)['"]/gm;
  for (const m of text.matchAll(pattern)) found.push((m[1] ?? m[2] ?? m[3])!);
  return found.map((spec) => relative(lib, resolve(dirname(path), spec)).replace(/\.js$/, '.ts'));
}

const graph = new Map<string, string[]>();
for (const path of sources(lib)) graph.set(relative(lib, path), importsOf(path));

test('every import points to the same layer or one to its left', () => {
  const wrong: string[] = [];
  for (const [from, targets] of graph) {
    for (const to of targets) {
      if (!graph.has(to)) wrong.push(`lib/${from} imports lib/${to}, which does not exist`);
      else if (layerOf(to) > layerOf(from)) wrong.push(`lib/${from} → lib/${to}`);
    }
  }
  assert.equal(wrong, [], `imports against the layer order:\n${wrong.join('\n')}`);
});

test('no import cycles', () => {
  const state = new Map<string, 'open' | 'done'>();
  const cycles: string[] = [];
  const stack: string[] = [];
  const visit = (file: string): void => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next].map((f) => `lib/${f}`).join(' → '));
      else if (!state.has(next) && graph.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  assert.equal(cycles, [], `import cycles:\n${cycles.join('\n')}`);
});

test('the checker sees imports (guard against a pattern that matches nothing)', () => {
  assert.ok((graph.get('index.ts') ?? []).length > 5);
  assert.ok([...graph.values()].some((targets) => targets.some((t) => t.startsWith('time/'))));
});

test.run();
