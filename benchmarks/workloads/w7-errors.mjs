// W7 errors: a throwing task, a rejecting task and a healthy task, each on the fastest period
// the library offers (100 ms, 1 s for cron-only peers), for 3 s. Counts what escapes to
// uncaughtException / unhandledRejection and how many healthy runs happened vs expected.
import { load } from '../lib/adapters.mjs';
import { SMOKE, runChild, sleep } from '../lib/common.mjs';

runChild('w7', async (lib, { seconds }, out) => {
  let uncaught = 0;
  let unhandled = 0;
  process.on('uncaughtException', () => uncaught++);
  process.on('unhandledRejection', () => unhandled++);
  const a = await load(lib);
  if (a.caps.worker) {
    out.status = 'n/a';
    out.reason = 'bree runs jobs in workers; a throwing worker is an errorHandler call, not an in-process action';
    return;
  }
  a.onError?.(() => {});
  const period = a.caps.subSecond ? 100 : 1000;
  a.start();
  const t0 = SMOKE ? Date.now() + 50 : Math.ceil(Date.now() / 1000) * 1000 + 1000;
  let healthy = 0;
  let threw = 0;
  let rejected = 0;
  // Only runs from t0 on count (toad and cron rules start counting from add, not from t0).
  const inWindow = () => Date.now() >= t0 - 5;
  a.interval(period, t0, () => { if (inWindow()) threw++; throw new Error('boom'); });
  a.interval(period, t0, () => { if (inWindow()) rejected++; return Promise.reject(new Error('async boom')); }, true);
  a.interval(period, t0, () => { if (inWindow()) healthy++; });
  await sleep(t0 + seconds * 1000 + 100 - Date.now());
  await Promise.race([a.stop(), sleep(1000)]); // node-schedule's gracefulShutdown can hang
  await sleep(50);
  const expected = Math.floor((seconds * 1000) / period);
  Object.assign(out, { periodMs: period, uncaughtException: uncaught, unhandledRejection: unhandled, throwingRuns: threw, rejectingRuns: rejected, healthyRuns: healthy, healthyExpected: expected });
  out.verdict = uncaught === 0 && unhandled === 0 && healthy >= expected - 1 && threw >= expected - 1 ? 'contained' : uncaught + unhandled > 0 ? 'escaped' : 'stalled';
});
