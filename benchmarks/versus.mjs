// Libraries (and builds of kronos) side by side in one run: every cell in a fresh process, the
// contenders alternated within each repetition (so machine noise hits them alike), medians of
// the repetitions, and each figure's ratio to the first contender. The load average is printed
// beside each repetition: on a shared machine a ratio means more than an absolute figure.
//   node benchmarks/versus.mjs <workload> '<params json>' <contender>... [--reps 3] [--keys a,b]
//   contender: a library name from lib/adapters.mjs, or `<library>@<path to dist/index.js>`
//   node benchmarks/versus.mjs w1-scale '{"n":1000000}' toad-scheduler kronos-named@/tmp/base/dist/index.js kronos-named
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = argv.indexOf(name);
  if (i < 0) return fallback;
  const [value] = argv.splice(i, 2).slice(1);
  return value;
};
const reps = Number(flag('--reps', '3'));
const keyList = flag('--keys', undefined)?.split(',');
const [workload, paramsJson, ...contenders] = argv;
if (!workload || !paramsJson || contenders.length === 0) {
  console.error("usage: node benchmarks/versus.mjs <workload> '<params json>' <library[@dist/index.js]>... [--reps 3] [--keys a,b]");
  process.exit(2);
}
const file = workload.endsWith('.mjs') ? workload : `${workload}.mjs`;

function cell(contender) {
  const [lib, entry] = contender.split('@');
  const env = { ...process.env, BENCH_DEADLINE_MS: process.env.BENCH_DEADLINE_MS ?? '50000' };
  if (entry) env.KRONOS_ENTRY = resolve(entry);
  const r = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=8192', join(here, 'workloads', file), lib, paramsJson], { cwd: here, encoding: 'utf8', env });
  const line = (r.stdout ?? '').split('\n').find((l) => l.startsWith('@@RESULT '));
  return line ? JSON.parse(line.slice(9)) : { status: 'crashed', error: (r.stderr ?? '').trim().split('\n').slice(-2).join(' | ') };
}

const seen = Object.fromEntries(contenders.map((c) => [c, []]));
for (let i = 0; i < reps; i++) {
  // Rotate the order each repetition: no contender always runs first (or right after a big one).
  const order = contenders.map((_, k) => contenders[(k + i) % contenders.length]);
  const load = loadavg().map((x) => x.toFixed(2)).join(' ');
  for (const c of order) {
    const r = cell(c);
    seen[c].push(r);
    const shown = Object.entries(r).filter(([k]) => !['workload', 'lib', 'params', 'node', 'status'].includes(k) && (!keyList || keyList.includes(k)));
    console.log(`rep ${i + 1} load ${load}  ${c.padEnd(28)} ${r.status === 'ok' ? '' : `${r.status} `}${JSON.stringify(Object.fromEntries(shown)).slice(0, 240)}`);
  }
}

const median = (xs) => {
  const s = xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
};
const numericKeys = [...new Set(Object.values(seen).flat().flatMap((r) => Object.keys(r).filter((k) => typeof r[k] === 'number')))].filter((k) => !keyList || keyList.includes(k));
const first = contenders[0];
console.log(`\nmedians of ${reps} (ratio: ÷ ${first})`);
for (const key of numericKeys) {
  const base = median(seen[first].map((r) => r[key]));
  const cells = contenders.map((c) => {
    const m = median(seen[c].map((r) => r[key]));
    return `${c.split('@')[0]}${c.includes('@') ? '@' + c.split('@')[1].split('/').slice(-3, -2) : ''} ${m}${c === first ? '' : ` (${(m / base).toFixed(3)})`}`;
  });
  console.log(`${key.padEnd(24)} ${cells.join('   ')}`);
}
