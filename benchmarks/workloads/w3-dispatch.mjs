// W3 dispatch: N one-shot tasks due within a 100 ms window (seeded). Fired/s, first due ->
// last fired, lateness p50/p99/max against each task's due time, and how many never ran.
import { load } from '../lib/adapters.mjs';
import { gcNow, hr, latencyStats, nowMs, rng, round, runChild, sleep, timeLeft } from '../lib/common.mjs';

runChild('w3', async (lib, { n, leadMs }, out) => {
  const a = await load(lib);
  if (!a.caps.once) {
    out.status = 'n/a';
    out.reason = a.caps.why?.once ?? 'no one-shot tasks';
    return;
  }
  a.start();
  const random = rng(7);
  const firstDue = Date.now() + leadMs;
  const due = new Float64Array(n);
  for (let i = 0; i < n; i++) due[i] = firstDue + Math.floor(random() * 100);
  const lateness = new Float64Array(n);
  let fired = 0;
  let lastFired = 0;
  const t = hr();
  for (let i = 0; i < n; i++) {
    const at = due[i];
    const h = a.once(at, () => {
      const now = nowMs();
      lateness[fired++] = now - at;
      lastFired = now;
    });
    if (h instanceof Promise) await h;
    if ((i & 1023) === 0 && Date.now() > firstDue - 50) {
      out.scheduledBeforeDue = i + 1;
      break;
    }
  }
  out.scheduleMs = round(hr() - t, 1);
  const scheduled = out.scheduledBeforeDue ?? n;
  out.scheduled = scheduled;
  // Same for every library: collect the scheduling garbage before the window when there is
  // time (a full GC takes well under 500 ms here), so the window measures dispatch alone.
  if (process.env.BENCH_W3_GC !== '0' && firstDue - Date.now() > 500) { gcNow(); out.gcBeforeWindow = true; }
  out.idleBeforeDueMs = Math.max(0, Math.round(firstDue - Date.now()));
  // Wait until everything fired, or 10 s past the window, or the budget runs out.
  const giveUp = firstDue + 100 + 10_000;
  while (fired < scheduled && Date.now() < giveUp && timeLeft() > 2000) await sleep(20);
  out.fired = fired;
  out.neverRan = scheduled - fired;
  out.notScheduledInTime = n - scheduled;
  out.firstDueToLastFiredMs = fired ? round(lastFired - firstDue, 1) : null;
  out.firedPerSec = fired ? Math.round(fired / Math.max(0.001, (lastFired - firstDue) / 1000)) : 0;
  out.lateness = latencyStats(lateness.subarray(0, fired));
  await Promise.race([a.stop(), sleep(1000)]);
});
