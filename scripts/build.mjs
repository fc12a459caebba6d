#!/usr/bin/env node
// Builds dist/ from lib/ (`npm run build`, and `prepack`/`prepare`, so a tarball or a git
// install always carries code). dist/ is emptied first: a file removed from lib/ must not
// live on in the package. The versioned SQL (lib/**/*.sql, read at run time beside the code
// that applies it) and the dashboard's files (lib/admin/dashboard/static/, served as they
// are) are copied over. With `--prepare`, skipped when npm runs `prepare` as part of
// `npm pack`/`npm publish`, since `prepack` has just built.
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const command = process.env.npm_command;
if (process.argv.includes('--prepare') && (command === 'pack' || command === 'publish')) process.exit(0);

rmSync(join(root, 'dist'), { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (result.status === 0) {
  const dashboard = join('admin', 'dashboard', 'static');
  const copyData = (dir) => {
    for (const entry of readdirSync(join(root, 'lib', dir), { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) copyData(path);
      else if (entry.name.endsWith('.sql') || dir === dashboard) cpSync(join(root, 'lib', path), join(root, 'dist', path));
    }
  };
  copyData('.');
}
process.exit(result.status ?? 1);
