// W6 long delay: one task 30 days ahead. setTimeout/setInterval are patched before the library
// loads, so every delay it arms is recorded. Reports the largest timer armed (Node overflows
// anything > 2^31-1 ms to 1 ms), the next run read back, and whether it fired early (2 s watch).
import { runChild } from '../lib/common.mjs';

const MAX_TIMER = 2 ** 31 - 1;
const armed = [];
const realSetTimeout = globalThis.setTimeout;
const realSetInterval = globalThis.setInterval;
let recording = false;
globalThis.setTimeout = function (fn, ms, ...rest) {
  if (recording) armed.push(Number(ms) || 0);
  return realSetTimeout.call(this, fn, ms, ...rest);
};
globalThis.setInterval = function (fn, ms, ...rest) {
  if (recording) armed.push(Number(ms) || 0);
  return realSetInterval.call(this, fn, ms, ...rest);
};
process.removeAllListeners('warning');
let overflowWarnings = 0;
process.on('warning', (w) => { if (w.name === 'TimeoutOverflowWarning') overflowWarnings++; });

runChild('w6', async (lib, { days }, out) => {
  recording = true; // only what the library arms from here on
  const { load } = await import('../lib/adapters.mjs');
  const a = await load(lib);
  a.start();
  const at = Math.ceil((Date.now() + days * 86_400_000) / 60_000) * 60_000; // whole minute: cron can say it
  let fired = 0;
  const fn = () => { fired++; };
  let h;
  if (a.caps.once) h = await a.once(at, fn);
  else if (lib === 'node-cron') {
    const d = new Date(at);
    h = a.raw.cron.schedule(`0 ${d.getMinutes()} ${d.getHours()} ${d.getDate()} ${d.getMonth() + 1} *`, fn);
  } else h = a.interval(days * 86_400_000, at, fn); // toad: a 30-day interval (LongIntervalJob)
  const next = a.nextRunOf(h);
  recording = false;
  await new Promise((resolve) => realSetTimeout(resolve, 2000));
  out.intendedAt = new Date(at).toISOString();
  out.nextRunReadBack = next === null ? null : new Date(next).toISOString();
  out.readBackCorrect = next === null ? null : Math.abs(next - at) < 1000;
  out.largestTimerMs = armed.length ? Math.max(...armed) : null;
  out.timersArmed = armed.length;
  out.overflow = armed.some((ms) => ms > MAX_TIMER) || overflowWarnings > 0;
  out.firedEarly = fired;
  out.verdict = fired > 0 ? 'FIRED EARLY' : out.overflow ? 'timer overflow' : 'ok';
  recording = false;
  await a.stop();
});
