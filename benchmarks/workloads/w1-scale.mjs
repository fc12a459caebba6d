// W1 scale: schedule N interval tasks (first runs spread over a minute, period 60 s), then
// cancel them all. µs per schedule / cancel, heap and RSS per task after GC, heap left after.
import { load } from '../lib/adapters.mjs';
import { hr, memory, rng, round, runChild, timeLeft } from '../lib/common.mjs';

runChild('w1', async (lib, { n }, out) => {
  const a = await load(lib);
  a.start();
  const random = rng(1);
  const noop = () => {};
  // The handle array is allocated before the baseline: heap per task is the library's own
  // (plus the handle it returns, which a caller must keep to cancel).
  const handles = new Array(n).fill(undefined);
  const t0 = Date.now() + 1000; // nothing fires while we measure
  const base = memory();
  let scheduled = 0;
  const start = hr();
  const budget = timeLeft() * 0.6;
  for (; scheduled < n; scheduled++) {
    const h = a.interval(60_000, t0 + Math.floor(random() * 59_000), noop);
    handles[scheduled] = h instanceof Promise ? await h : h;
    if ((scheduled & 1023) === 0 && hr() - start > budget) break;
  }
  const scheduleMs = hr() - start;
  out.scheduled = scheduled;
  out.complete = scheduled === n;
  out.usPerSchedule = round((scheduleMs * 1000) / scheduled);
  const loaded = memory();
  out.heapPerTask = round((loaded.heap - base.heap) / scheduled, 1);
  out.rssPerTask = round((loaded.rss - base.rss) / scheduled, 1);
  out.externalPerTask = round((loaded.external - base.external) / scheduled, 1);

  const cStart = hr();
  let cancelled = 0;
  for (; cancelled < scheduled; cancelled++) {
    const r = a.cancel(handles[cancelled]);
    if (r instanceof Promise) await r;
    handles[cancelled] = undefined;
    if ((cancelled & 1023) === 0 && timeLeft() < 3000) break;
  }
  out.usPerCancel = round(((hr() - cStart) * 1000) / cancelled);
  out.cancelled = cancelled;
  const after = memory();
  out.heapLeftAfterCancel = after.heap - base.heap;
  await a.stop();
});
