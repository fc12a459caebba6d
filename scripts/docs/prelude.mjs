// A block that imports nothing (`scheduler.addCronTask(...)`, `new Scheduler({ around })`)
// is a continuation of the page: it gets an import of the package names it uses, as if the
// page's first example had imported them. Names come from lib/index.ts, following its
// `export *` / `export type *` into errors.ts and types.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** @returns {{ values: Set<string>, types: Set<string> }} the public names of `kronos-scheduler`. */
export function publicNames(root) {
  const values = new Set();
  const types = new Set();
  const index = readFileSync(join(root, 'lib', 'index.ts'), 'utf8');
  for (const [, type, list] of index.matchAll(/export (type )?\{([^}]*)\}/g)) {
    for (const name of list.split(',').map((n) => n.trim().split(/\s+as\s+/).pop()).filter(Boolean)) {
      (type ? types : values).add(name.replace(/^type\s+/, ''));
    }
  }
  for (const [, type, from] of index.matchAll(/export (type )?\* from '\.\/([\w/-]+)\.js'/g)) {
    const source = readFileSync(join(root, 'lib', `${from}.ts`), 'utf8');
    for (const [, kind, name] of source.matchAll(/^export (?:declare )?(?:abstract )?(class|function|const|interface|type) (\w+)/gm)) {
      (type || kind === 'interface' || kind === 'type' ? types : values).add(name);
    }
  }
  return { values, types };
}

/** The import line a block without imports needs, or '' when it has imports or uses no package name. */
export function preludeFor(text, names) {
  if (/^\s*import\s/m.test(text)) return '';
  const declared = new Set([...text.matchAll(/\b(?:class|const|let|var|function|interface|type)\s+(\w+)/g)].map((m) => m[1]));
  const used = (set) => [...set].filter((name) => !declared.has(name) && new RegExp(`\\b${name}\\b`).test(text));
  const specifiers = [...used(names.values), ...used(names.types).map((name) => `type ${name}`)];
  return specifiers.length > 0 ? `import { ${specifiers.join(', ')} } from 'kronos-scheduler';` : '';
}
