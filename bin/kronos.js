#!/usr/bin/env node
// The `kronos` command: the CLI lives in the built dist/ (`npm run build`; `npm ci` builds it).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/admin/cli-main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('kronos: dist/ is missing; run `npm run build` in the kronos-scheduler package first\n');
  process.exit(1);
}
await import(entry.href);
