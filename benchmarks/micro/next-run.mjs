// Next-run throughput of the wall-clock rules, ours and (if installed where you run this)
// croner's `nextRun` in the same process. Run with tsx, once per process zone:
//   TZ=UTC npx tsx benchmarks/micro/next-run.mjs
//   TZ=America/New_York npx tsx benchmarks/micro/next-run.mjs
// Part 1 (throughput): each chain computes next(next(...)) from 2027-01-01, restarting every
// 512 steps so every run stays within a few years of the start.
// Part 2 (W5, benchmarks/workloads/w5-next-run.mjs exactly): 10 000 successive occurrences
// from 2027-01-01 of "31st at 09:00" (reaches year 3455) and "Mon/Wed/Fri 14:30" (year 2090)
// in UTC, the process zone and America/New_York. Each case runs in a fresh process: "cold"
// is the first chain (zone resolution, offset-segment building, JIT included), "warm" the
// best of five repeats of the same chain. croner's `nextRun` chain for comparison (it stops
// at year 3000: its rate counts the occurrences it returned).
//   PART=w5 npx tsx benchmarks/micro/next-run.mjs     (PART=throughput for part 1 only)
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CronRule, parseCron } from '../../lib/time/rules/cron.js';
import { MonthdayRule } from '../../lib/time/rules/monthday.js';
import { WeekdayRule } from '../../lib/time/rules/weekday.js';
import { Zone } from '../../lib/time/zone.js';

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
const PART = process.env.PART ?? 'all';

if (process.argv[2] === '--w5-case') {
  w5Case(process.argv[3], process.argv[4], process.argv[5]);
  process.exit(0);
}

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
  ['weekday Mon/Wed/Fri 14:30', '30 14 * * 1,3,5', (z) => { const r = new WeekdayRule([1, 3, 5], [14, 30, 0], z); return (t) => r.next(t); }],
  ['monthday 31st 09:00', '0 9 31 * *', (z) => { const r = new MonthdayRule([31], [9, 0, 0], z); return (t) => r.next(t); }],
  ['cron 30 14 * * 1,3,5', '30 14 * * 1,3,5', (z) => { const r = new CronRule(parseCron('30 14 * * 1,3,5'), z); return (t) => r.next(t); }],
];

if (PART !== 'w5') {
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
}

if (PART !== 'throughput') w5Table();

/** One W5 case in this (fresh) process: prints {cold, warm, done, last} as JSON. */
function w5Case(engine, ruleName, zoneName) {
  const tz = zoneName === 'process' ? undefined : zoneName;
  const begin = performance.now();
  let next;
  if (engine === 'kronos') {
    const zone = Zone.resolve(tz);
    const rule = ruleName === 'monthday' ? new MonthdayRule([31], [9, 0, 0], zone) : new WeekdayRule([1, 3, 5], [14, 30, 0], zone);
    next = (t) => rule.next(t);
  } else {
    const job = new croner.Cron(ruleName === 'monthday' ? '0 0 9 31 * *' : '0 30 14 * * 1,3,5', { paused: true, ...(tz ? { timezone: tz } : {}) });
    next = (t) => job.nextRun(new Date(t))?.getTime() ?? null;
  }
  const chain = () => {
    let t = START;
    let done = 0;
    for (; done < 10_000; done++) {
      const n = next(t);
      if (n === null) break;
      t = n;
    }
    return { done, last: t };
  };
  const first = chain();
  const cold = (first.done / (performance.now() - begin)) * 1000;
  let warm = 0;
  for (let r = 0; r < 5; r++) {
    const b = performance.now();
    const { done } = chain();
    warm = Math.max(warm, (done / (performance.now() - b)) * 1000);
  }
  console.log(JSON.stringify({ cold, warm, done: first.done, last: new Date(first.last).toISOString() }));
}

function w5Table() {
  const self = new URL(import.meta.url).pathname;
  const run = (engine, rule, zone) => JSON.parse(execFileSync(process.execPath, [...process.execArgv, self, '--w5-case', engine, rule, zone], { encoding: 'utf8' }).trim().split('\n').pop());
  const k = (x) => `${Math.round(x / 1000)}k/s`;
  console.log(`\nW5: 10 000 successive occurrences from 2027-01-01, fresh process per case, process zone ${Intl.DateTimeFormat().resolvedOptions().timeZone}`);
  console.log('| rule | zone | kronos cold | kronos warm | croner cold | croner warm | cold ratio | warm ratio |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const rule of ['monthday', 'weekday']) {
    for (const zone of ['UTC', 'process', 'America/New_York']) {
      const ours = run('kronos', rule, zone);
      const theirs = croner ? run('croner', rule, zone) : null;
      const note = theirs && theirs.done < ours.done ? ` (croner: ${theirs.done} runs, to ${theirs.last.slice(0, 4)})` : '';
      console.log(`| ${rule === 'monthday' ? '31st 09:00' : 'Mon/Wed/Fri 14:30'} | ${zone} | ${k(ours.cold)} | ${k(ours.warm)} | ${theirs ? k(theirs.cold) : 'n/a'} | ${theirs ? k(theirs.warm) : 'n/a'} | ${theirs ? `${(ours.cold / theirs.cold).toFixed(1)}×` : ''} | ${theirs ? `${(ours.warm / theirs.warm).toFixed(1)}×` : ''}${note} |`);
    }
  }
}
