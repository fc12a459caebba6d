// The W9 section of docs/benchmarks.md: kronos' durable store beside pg-boss 10 on one local
// PostgreSQL server, and the embedded store. Rendered with the rest by render.mjs, or alone
// into the existing file (between its markers) after `BENCH_ONLY=w9`.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';

export const W9_START = '<!-- w9:start -->';
export const W9_END = '<!-- w9:end -->';
/** The summary's pointer to the W9 section (its targets are in its own table: W9 runs alone too). */
export const W9_POINTER = 'The durable store (W9: PostgreSQL, PGlite, pg-boss) has its own targets table in [its section](#w9-durable-store-postgresql-and-embedded-pglite-beside-pg-boss-10), since it is also run on its own (`BENCH_ONLY=w9`).';

const f = (v, d = 0) => (v === null || v === undefined || Number.isNaN(v) ? '–' : typeof v === 'number' ? (Math.abs(v) >= 1000 ? Math.round(v).toLocaleString('en-US') : String(Math.round(v * 10 ** d) / 10 ** d)) : String(v));
const x = (a, b) => (typeof a === 'number' && typeof b === 'number' && b > 0 ? `${f(a / b, 2)}×` : '–');
const table = (head, rows) => [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map((c) => String(c).replace(/\|/g, '\\|')).join(' | ')} |`)].join('\n');
const bad = (r) => (r && r.status !== 'ok' ? `${r.status}${r.reason ? `: ${r.reason}` : ''}${r.error ? `: ${r.error.slice(0, 160)}` : ''}` : '');
const late = (l) => (l ? `${f(l.p50)} / ${f(l.p99)} / ${f(l.max)}` : '–');
const load = (rows) => { const v = rows.map((r) => r.loadAverage).filter((n) => typeof n === 'number'); return v.length ? `${f(Math.min(...v), 1)}–${f(Math.max(...v), 1)}` : '?'; };

export function renderDurable(results) {
  const rows = results.runs?.w9 ?? [];
  const md = [W9_START, '## W9 durable store: PostgreSQL and embedded PGlite, beside pg-boss 10', ''];
  const skipped = rows.find((r) => r.status === 'n/a');
  if (rows.length === 0 || (skipped && rows.length === 1)) {
    md.push(`Not measured in this run${skipped ? `: ${skipped.reason}` : ''}.`, '', W9_END);
    return md.join('\n');
  }
  const claims = (lib, procs) => rows.findLast((r) => r.lib === lib && r.params?.case === (lib === 'pg-boss' ? 'send-work' : 'claims') && (procs === undefined || r.params?.procs === procs));
  const k = (p) => claims('kronos', p);
  const b = (p) => claims('pg-boss', p);
  // One lateness row per process count (the last of each); the target is the 4-process one.
  const lats = [...new Map(rows.filter((r) => r.lib === 'kronos' && r.params?.case === 'lateness').map((r) => [r.procs ?? r.params?.procs, r])).values()]
    .sort((a, b) => (a.procs ?? 0) - (b.procs ?? 0));
  const lat = lats.find((r) => r.procs === 4) ?? lats.at(-1);
  const crons = [...new Map(rows.filter((r) => r.lib === 'pg-boss' && r.params?.case === 'schedule').map((r) => [r.procs ?? r.params?.procs, r])).values()]
    .sort((a, b) => (a.procs ?? 0) - (b.procs ?? 0));
  const cron = crons.find((r) => r.procs === 4) ?? crons.at(-1);
  const emb = rows.findLast((r) => r.lib === 'kronos-embedded' && r.params?.case === 'claims');
  const embLat = rows.findLast((r) => r.lib === 'kronos-embedded' && r.params?.case === 'lateness');
  const server = rows.find((r) => r.server)?.server ?? 'PostgreSQL';
  // A cell re-run with BENCH_MERGE=1 is appended: the last row of a cell is the one shown.
  const procs = [...new Set(rows.filter((r) => r.params?.case === 'claims' && r.lib === 'kronos').map((r) => r.params.procs))];
  const dups = rows.reduce((a, r) => a + (r.lib.startsWith('kronos') ? r.duplicates ?? 0 : 0), 0);
  md.push(`One local server started by the benchmark (${server}; \`scripts/lib/postgres-cluster.mjs\`, the tests' helper, on a free port of 127.0.0.1, \`max_connections=200\`), run at ${results.date} on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), **shared with other sessions' test runs: 1-minute load average ${load(rows)} during the cells**. Every scheduler process is a Node process of its own (\`benchmarks/lib/w9-kronos-worker.mjs\`, \`w9-boss-worker.mjs\`); kronos is driven through its public API (\`new Scheduler({ store: new PostgresStore({ connectionString }) })\`, \`define\`, \`add*Task\`, \`start\`). Each cell has its own schema. Times come from the tables (\`runs.started_at\` / \`slot\`, pg-boss's \`job.started_on\`), i.e. database time.`, '');
  md.push('### Targets (DESIGN §9)', '', table(['target', 'measured', 'verdict'], [
    ['≥ 2,000 claimed slots/s with 4 processes', k(4) ? `${f(k(4).claimsPerSec)} /s (pg-boss send + work: ${f(b(4)?.claimsPerSec)} /s)` : bad(k(4)) || 'not measured', k(4)?.claimsPerSec >= 2000 ? 'met' : k(4) ? '**missed**' : 'not measured'],
    ['1,000 schedules × 1 s on 4 processes: lateness p99 ≤ 50 ms', lat?.lateness ? `p50 / p99 / max ${late(lat.lateness)} ms; ${f(lat.slotsRun)} of ${f(lat.expectedSlots)} slots ran` : bad(lat) || 'not measured', lat?.lateness ? (lat.lateness.p99 <= 50 && lat.slotsRun === lat.expectedSlots ? 'met' : '**missed**') : 'not measured'],
    ['0 duplicate runs (a slot run twice, counted by the handlers across processes)', `${dups} in every kronos cell`, dups === 0 ? 'met' : '**missed**'],
  ]), '');
  md.push('### Claim throughput: 20,000 slots due at one instant', '', '`claims/s` is slots claimed per second from the first claim to the last (`runs.started_at`); `from due` counts from the due instant, and `completed/s` to the last recorded end (every run is a no-op handler whose end is written back). pg-boss: the same number of jobs inserted with one `startAfter`, worked by `work(queue, { batchSize: 100, pollingIntervalSeconds: 0.5 })` in each process (a batch as large as a kronos claim; 0.5 s is its shortest polling interval), rates from `job.started_on` / `completed_on`. Ratio > 1: kronos faster.', '');
  md.push(table(['processes', 'kronos claims/s', 'from due', 'kronos completed/s', 'pg-boss claims/s', 'from due', 'pg-boss completed/s', 'kronos / pg-boss (claims/s)', 'kronos first claim after due (ms)', 'pg-boss first fetch after due (ms)', 'runs per kronos process', 'duplicates (kronos, pg-boss)', 'note'],
    procs.map((p) => [p, f(k(p)?.claimsPerSec), f(k(p)?.claimsPerSecFromDue), f(k(p)?.completedPerSecFromDue), f(b(p)?.claimsPerSec), f(b(p)?.claimsPerSecFromDue), f(b(p)?.completedPerSecFromDue), x(k(p)?.claimsPerSec, b(p)?.claimsPerSec), f(k(p)?.firstClaimAfterDueMs, 1), f(b(p)?.firstClaimAfterDueMs, 1), (k(p)?.runsPerProcess ?? []).join(' / '), `${f(k(p)?.duplicates)}, ${f(b(p)?.duplicates)}`, [bad(k(p)), bad(b(p)), k(p) && !k(p).finished ? `kronos got to ${k(p).completed} in the budget` : ''].filter(Boolean).join('; ')])), '');
  if (emb) md.push(`Embedded (PGlite, one process by nature, the scheduler in the measuring process, times from its handler: PGlite's \`now()\` is that process's clock): ${f(emb.n)} slots due at once, **${f(emb.claimsPerSec)} claims/s** (${f(emb.completedPerSecFromDue)} completed/s from due; first claim ${f(emb.firstClaimAfterDueMs, 1)} ms after due; ${f(emb.duplicates)} duplicates; declared through the API at ${f(emb.declaredPerSec)} /s; creating and migrating the data directory took ${f(emb.createMs)} ms)${bad(emb) ? `; ${bad(emb)}` : ''}. Ratio to kronos on the server with 1 process: ${x(emb.claimsPerSec, k(1)?.claimsPerSec)}.`, '');
  md.push('### Lateness: 1,000 interval schedules every second', '', `Each schedule \`addIntervalTask({ interval: 1000, processMethod: 'concurrent' })\` (a fixed grid), first slots spread over one second (as W4 spreads its tasks); ${lat?.seconds ?? '?'} s measured after every schedule started. Lateness = \`started_at − slot\` of the runs whose slot is in the window; "slots run" counts distinct (schedule, slot) pairs against schedules × seconds.`, '');
  md.push(table(['engine', 'processes', 'grain', 'lateness p50 / p99 / max (ms)', 'slots run / expected', 'catch-up runs', 'duplicates', 'runs per process', 'note'], [
    ...lats.map((l) => ['kronos (server)', l.procs, `${l.intervalMs ?? '?'} ms`, late(l.lateness), `${f(l.slotsRun)} / ${f(l.expectedSlots)}`, f(l.catchupRuns), f(l.duplicates), (l.runsPerProcess ?? []).join(' / '), bad(l)]),
    embLat && ['kronos (embedded)', 1, `${embLat.intervalMs ?? '?'} ms`, late(embLat.lateness), `${f(embLat.slotsRun)} / ${f(embLat.expectedSlots)}`, '–', f(embLat.duplicates), '–', bad(embLat)],
    ...crons.map((c) => ['pg-boss `schedule` + `work`', c.procs, `${c.cron} (1 min)`, late(c.lateness), `${f(c.jobs)} jobs / ${f(c.schedules)}`, '–', f(c.duplicates), '–', [bad(c), c.createdAfterMinute ? `jobs created ${late(c.createdAfterMinute)} ms after the minute` : ''].filter(Boolean).join('; ')]),
  ].filter(Boolean)), '');
  if (cron?.lateness && lat?.lateness) md.push(`pg-boss's finest schedule is a cron rule, once a minute: its cron monitor (here every second, \`cronMonitorIntervalSeconds: 1\`, its minimum) inserts a "send it" job that a worker (\`cronWorkerIntervalSeconds: 1\`) turns into the queue's job, which the queue's workers poll for (0.5 s). The nearest comparable figure is the lateness of one minute's ${cron.schedules} jobs: on ${cron.procs} processes each, ratio pg-boss / kronos lateness p50 ${x(cron.lateness.p50, lat.lateness.p50)}, p99 ${x(cron.lateness.p99, lat.lateness.p99)} (> 1: kronos more punctual), at a grain 60× finer for kronos.`, '');
  md.push('### Method notes and what limits kronos here', '', [
    '- Seeding: 200 schedules are declared through the API (its rate is in `results.json`, `declaredPerSec`: an upsert transaction and a NOTIFY each); the rest of the 20,000 (and of the 1,000 lateness schedules) are copies of the first row under new names (`INSERT ... SELECT` with the columns the API writes, next slot shifted for the spread): declaring 20k through the API is a start-up cost that takes minutes on this loaded machine and is not what W9 measures. The lateness processes then declare `w9-0` themselves at start-up and get `unchanged`.',
    '- What the figures owe to (profiled with `pg_stat_statements` and `auto_explain` on the claims and lateness cells): run ends are group-committed (`Store.completeMany`, one statement for every end queued while the previous write was under way); a claim is one transaction of three statements (lock due schedules, read their running and pending runs, write runs and next slots) whose last statement also tells the next due time (no separate query per wake); lost runs are looked for at wakes that are not for a due slot. The claim walks the index `schedules (queue, next_run_at, priority, name) WHERE NOT paused` per queue and stops at its batch of 100; its transaction sets `enable_sort` and `enable_bitmapscan` off, because with statistics taken before a burst came due PostgreSQL chose to read and sort every due row: with 20,000 due that made each claim 40–160 ms, kept the rows it passed over locked so that peers\' completions waited on it, and at 8 processes let leases run out (runs retried: counted as duplicates by the handlers). Before these changes (same machine, load 1–3): 882 claims/s on 1 process, 4 processes did not finish within the budget, 8 processes 105 claims/s with 100 duplicates; lateness p50 / p99 58 / 921 ms with 10,401 of 20,000 slots run.',
    '- Duplicates are counted where they would hurt: each handler records `name@slot` (`currentRun()`), and the records of all processes are merged; pg-boss\'s by job id, and for its cron jobs per queue and minute.',
  ].join('\n'), '');
  md.push('Run it: `BENCH_ONLY=w9 npm run bench` (needs the PostgreSQL server binaries: `apt-get install postgresql`; `benchmarks/node_modules` for pg-boss) rewrites this section only; `BENCH_SMOKE=1 BENCH_ONLY=w9 node benchmarks/run.mjs` is the few-seconds version CI runs (kronos only, no embedded cell). Raw figures: `benchmarks/results/w9.json`.', '', W9_END);
  return md.join('\n');
}

/** Replaces the W9 section of an existing docs/benchmarks.md (or inserts it before "## Reproduce"). */
export function spliceDurable(path, section) {
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n';
  const a = text.indexOf(W9_START);
  const z = text.indexOf(W9_END);
  let out;
  if (a >= 0 && z > a) out = text.slice(0, a) + section + text.slice(z + W9_END.length);
  else {
    const at = text.indexOf('## Reproduce');
    out = at >= 0 ? `${text.slice(0, at)}${section}\n\n${text.slice(at)}` : `${text.trimEnd()}\n\n${section}\n`;
  }
  writeFileSync(path, out);
}
