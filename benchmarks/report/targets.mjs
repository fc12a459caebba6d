// DESIGN §9 targets, checked against one run's results. Ratios are to peers in the same run.
const r2 = (x) => (x === null || x === undefined || !Number.isFinite(x) ? '–' : String(Math.round(x * 100) / 100));
const pick = (rows, lib, pred = () => true) => rows?.find((r) => r.lib === lib && pred(r));

export function targets(R) {
  const out = [];
  const add = (workload, target, measured, met) => out.push({ workload, target, measured, met });
  // W1 at the largest N both kronos and toad completed.
  const n = Math.max(0, ...(R.w1 ?? []).filter((r) => r.lib === 'kronos' && r.complete).map((r) => r.params.n));
  const k1 = pick(R.w1, 'kronos', (r) => r.params.n === n);
  const t1 = pick(R.w1, 'toad-scheduler', (r) => r.params.n === n && r.complete);
  if (k1) {
    const speed = t1 ? t1.usPerSchedule / k1.usPerSchedule : null;
    add(`W1 N=${n.toLocaleString('en-US')}`, '≥ 2.4× toad-scheduler per schedule (≤ 1.5 µs)', `${r2(k1.usPerSchedule)} µs; ${r2(speed)}× toad (${r2(t1?.usPerSchedule)} µs)`, speed === null ? null : speed >= 2.4 && k1.usPerSchedule <= 1.5);
    const heap = t1 ? k1.heapPerTask / t1.heapPerTask : null;
    add(`W1 N=${n.toLocaleString('en-US')}`, '≤ 0.5× toad heap per task (≤ 300 B)', `${r2(k1.heapPerTask)} B; ${r2(heap)}× toad (${r2(t1?.heapPerTask)} B)`, heap === null ? null : heap <= 0.5 && k1.heapPerTask <= 300);
    add(`W1 N=${n.toLocaleString('en-US')}`, 'cancel ≤ 0.5 µs', `${r2(k1.usPerCancel)} µs (toad ${r2(t1?.usPerCancel)} µs)`, k1.usPerCancel <= 0.5);
    add(`W1 N=${n.toLocaleString('en-US')}`, 'heap within 5 MB of baseline after cancelling all', `${r2(k1.heapLeftAfterCancel / 2 ** 20)} MB`, k1.heapLeftAfterCancel <= 5 * 2 ** 20);
  }
  const k2 = pick(R.w2, 'kronos');
  const t2 = pick(R.w2, 'toad-scheduler', (r) => r.status === 'ok');
  if (k2?.opsPerSec) {
    const ratio = t2 ? k2.opsPerSec / t2.opsPerSec : null;
    add('W2', '≥ 1M ops/s and ≥ 1.6× toad-scheduler', `${k2.opsPerSec.toLocaleString('en-US')} ops/s; ${r2(ratio)}× toad`, k2.opsPerSec >= 1e6 && (ratio === null || ratio >= 1.6));
    add('W2', 'nothing retained per cancelled task', `${r2(k2.heapRetainedPerCancel)} B / cancel`, k2.heapRetainedPerCancel <= 8);
  }
  const k3 = pick(R.w3, 'kronos');
  if (k3?.lateness) {
    add('W3', 'all within 200 ms of first due', `${r2(k3.firstDueToLastFiredMs)} ms`, k3.neverRan === 0 && k3.firstDueToLastFiredMs <= 200);
    add('W3', 'lateness p99 ≤ 100 ms', `${r2(k3.lateness.p99)} ms`, k3.lateness.p99 <= 100);
    add('W3', 'none dropped', `${k3.neverRan} never ran of ${k3.scheduled}`, k3.neverRan === 0 && k3.notScheduledInTime === 0);
  }
  const k4 = pick(R.w4, 'kronos', (r) => !r.params?.blocked);
  if (k4?.lateness) {
    add('W4 plain', 'lateness p50 ≤ 2 ms', `${r2(k4.lateness.p50)} ms`, k4.lateness.p50 <= 2);
    add('W4 plain', 'lateness p99 ≤ 10 ms', `${r2(k4.lateness.p99)} ms`, k4.lateness.p99 <= 10);
    add('W4 plain', 'no drift, every run', `drift ${r2(k4.driftMs)} ms; runs ${k4.runsPerTask.min}–${k4.runsPerTask.max} of ${k4.runsPerTask.expected}`, Math.abs(k4.driftMs) <= 1 && k4.runsPerTask.min >= k4.runsPerTask.expected);
  }
  const k4b = pick(R.w4, 'kronos', (r) => !!r.params?.blocked);
  if (k4b?.lateness) add('W4 blocked', 'lateness p99 ≤ 210 ms', `${r2(k4b.lateness.p99)} ms`, k4b.lateness.p99 <= 210);
  const th = pick(R.w4, 'ThreadedScheduler');
  add('W4 blocked', 'ThreadedScheduler unaffected', th?.lateness ? `p99 ${r2(th.lateness.p99)} ms` : 'not available in this build', th?.lateness ? th.lateness.p99 <= 10 : null);
  const k5 = pick(R.w5, 'kronos');
  const c5 = pick(R.w5, 'croner');
  if (k5?.cases && c5?.cases) {
    for (const [zone, need] of [['process', 5], ['America/New_York', 2]]) {
      const ratios = ['weekday', 'monthday'].map((rule) => k5.cases[`${rule} ${zone}`]?.perSec / c5.cases[`${rule} ${zone}`]?.perSec);
      const worst = Math.min(...ratios.filter(Number.isFinite));
      add(`W5 ${zone}`, `≥ ${need}× croner`, `weekday ${r2(ratios[0])}×, monthday ${r2(ratios[1])}×`, Number.isFinite(worst) ? worst >= need : null);
    }
  }
  const k6 = pick(R.w6, 'kronos');
  if (k6) add('W6', 'no timer overflow, nothing early, next run correct', `largest timer ${k6.largestTimerMs} ms; ${k6.verdict}`, k6.verdict === 'ok' && k6.readBackCorrect === true);
  const k7 = pick(R.w7, 'kronos');
  if (k7) add('W7', 'no error escapes; healthy tasks keep running', `${k7.uncaughtException + k7.unhandledRejection} escaped; healthy ${k7.healthyRuns}/${k7.healthyExpected}`, k7.verdict === 'contained');
  return out;
}
