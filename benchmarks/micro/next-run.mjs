// Next-run throughput of the wall-clock rules, ours and (if installed where you run this)
// croner's `nextRun` in the same process. Run with tsx, once per process zone:
//   TZ=UTC npx tsx benchmarks/micro/next-run.mjs
//   TZ=America/New_York npx tsx benchmarks/micro/next-run.mjs
// Each chain computes next(next(...)) from 2027-01-01, restarting every 512 steps so every
// run stays within a few years of the start.
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { nextCron, parseCron } from '../../lib/time/cron.js';
import { nextMonthdayOccurrence, nextWeekdayOccurrence } from '../../lib/time/day-rules.js';
import { Zone } from '../../lib/time/zoned.js';

async function optional(name) {
  for (const root of [path.join(process.cwd(), 'x.js'), new URL('./x.js', import.meta.url).pathname]) {
    try {
      return await import(pathToFileURL(createRequire(root).resolve(name)).href);
    } catch { /* not installed here */ }
  }
  return null;
}

const croner = await optional('croner');
const START = Date.UTC(2027, 0, 1);
const N = Number(process.env.N ?? 300_000);

function measure(next) {
  let t = START;
  for (let i = 0; i < 20_000; i++) t = (i & 511) === 511 ? START : next(t);
  const begin = process.hrtime.bigint();
  for (let i = 0; i < N; i++) t = (i & 511) === 511 ? START : next(t);
  const ns = Number(process.hrtime.bigint() - begin);
  return (N / ns) * 1e9;
}

const zones = [['process zone', undefined], ['America/New_York', 'America/New_York']];
const ruleSets = [
  ['weekday Mon/Wed/Fri 14:30', '30 14 * * 1,3,5', (z) => (t) => nextWeekdayOccurrence([1, 3, 5], [14, 30, 0], t, z)],
  ['monthday 31st 09:00', '0 9 31 * *', (z) => (t) => nextMonthdayOccurrence([31], [9, 0, 0], t, z)],
  ['cron 30 14 * * 1,3,5', '30 14 * * 1,3,5', (z) => { const r = parseCron('30 14 * * 1,3,5'); return (t) => nextCron(r, t, z); }],
];

const rows = [];
for (const [zoneLabel, tz] of zones) {
  const zone = Zone.resolve(tz);
  for (const [label, cronEquivalent, make] of ruleSets) {
    const ours = measure(make(zone));
    let theirs = null;
    if (croner) {
      const job = new croner.Cron(cronEquivalent, { paused: true, ...(tz ? { timezone: tz } : {}) });
      theirs = measure((t) => job.nextRun(new Date(t)).getTime());
    }
    rows.push({ zone: zoneLabel === 'process zone' ? `process (${zone.id})` : zoneLabel, rule: label, kronos: ours, croner: theirs });
  }
}

const f = (x) => (x === null ? 'n/a' : `${(x / 1e6).toFixed(2)} M/s`);
console.log(`node ${process.version}, N = ${N}, croner ${croner ? 'installed' : 'not installed'}`);
console.log('| zone | rule | kronos | croner | ratio |');
console.log('|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.zone} | ${r.rule} | ${f(r.kronos)} | ${f(r.croner)} | ${r.croner ? `${(r.kronos / r.croner).toFixed(1)}×` : ''} |`);
