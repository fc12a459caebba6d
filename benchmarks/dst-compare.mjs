// Our cron answers on the DST cases of docs/time-semantics.md next to croner, node-cron and
// node-schedule. The peers are not dependencies: install them where you run this, e.g.
//   mkdir /tmp/peers && cd /tmp/peers && npm init -y && npm i croner node-cron node-schedule
//   cd /tmp/peers && /path/to/kronos-scheduler/node_modules/.bin/tsx /path/to/kronos-scheduler/benchmarks/dst-compare.mjs
// node-cron's next run is its TimeMatcher.getNextMatch (what its scheduler arms a timer for);
// node-schedule's is cron-parser's next() (what it schedules), read through its own copy.
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CronRule, parseCron } from '../lib/time/rules/cron.js';
import { Zone } from '../lib/time/zone.js';

const roots = [path.join(process.cwd(), 'x.js'), new URL('./x.js', import.meta.url).pathname];
async function load(name, sub) {
  for (const root of roots) {
    try {
      const require = createRequire(root);
      const main = require.resolve(name);
      return sub ? await import(pathToFileURL(sub(main)).href) : await import(pathToFileURL(main).href);
    } catch { /* try the next root */ }
  }
  return null;
}

const croner = await load('croner');
const nodeCronShared = await load('node-cron', (main) => path.join(path.dirname(main), '_shared.js'));
const schedulePath = roots.map((r) => { try { return createRequire(r).resolve('node-schedule'); } catch { return null; } }).find(Boolean);
const cronParser = schedulePath ? createRequire(schedulePath)('cron-parser') : null;

const cases = [
  ['New York spring', '30 2 * * *', 'America/New_York', '2027-03-13T12:00:00Z', 2],
  ['New York spring', '*/15 * * * *', 'America/New_York', '2027-03-14T06:30:00Z', 3],
  ['New York fall', '30 1 * * *', 'America/New_York', '2027-11-07T04:00:00Z', 2],
  ['New York fall', '*/30 * * * *', 'America/New_York', '2027-11-07T04:50:00Z', 5],
  ['Berlin spring', '30 2 * * *', 'Europe/Berlin', '2027-03-27T12:00:00Z', 1],
  ['Berlin fall', '30 2 * * *', 'Europe/Berlin', '2027-10-30T12:00:00Z', 2],
  ['Lord Howe spring', '15 2 * * *', 'Australia/Lord_Howe', '2027-10-02T00:00:00Z', 1],
  ['never', '0 0 31 2 *', 'UTC', '2027-01-01T00:00:00Z', 1],
];

const fmt = (d) => (d === null ? 'none' : d.toISOString().slice(5, 16).replace('T', ' ') + 'Z');
function collect(next, from, n) {
  const out = [];
  let t = new Date(from);
  try {
    for (let i = 0; i < n; i++) {
      const d = next(t);
      out.push(fmt(d));
      if (d === null) break;
      t = d;
    }
  } catch (error) {
    out.push(`throws (${String(error.message ?? error).slice(0, 40)})`);
  }
  return out.join(', ');
}

const peers = {
  kronos: (expr, tz) => { const r = new CronRule(parseCron(expr), Zone.resolve(tz)); return (d) => { const t = r.next(d.getTime()); return t === null ? null : new Date(t); }; },
  croner: croner && ((expr, tz) => { const job = new croner.Cron(expr, { timezone: tz, paused: true }); return (d) => job.nextRun(d); }),
  'node-cron': nodeCronShared && ((expr, tz) => { const m = new nodeCronShared.T(expr, tz); return (d) => m.getNextMatch(d); }),
  'node-schedule': cronParser && ((expr, tz) => (d) => cronParser.parseExpression(expr, { currentDate: d, tz }).next().toDate()),
};

const names = Object.keys(peers).filter((k) => peers[k]);
console.log(`| case | rule | zone | from (UTC) | ${names.join(' | ')} |`);
console.log(`|---|---|---|---|${names.map(() => '---').join('|')}|`);
for (const [label, expr, tz, from, n] of cases) {
  const cells = names.map((name) => collect(peers[name](expr, tz), from, n));
  console.log(`| ${label} | \`${expr}\` | ${tz} | ${fmt(new Date(from))} | ${cells.join(' | ')} |`);
}
