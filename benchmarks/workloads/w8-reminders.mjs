// W8 reminders: one named reminder per user, N users in 20 IANA zones, each at a random
// minute of the day (seed 8): `kind` 'cron' adds `M H * * *` cron tasks, 'weekday' adds
// Monday-to-Friday weekday tasks at the same times. µs per add and heap per task after GC;
// a library that cannot hold N reports how far it got (out of time or memory).
import { loadKronos } from '../lib/adapters.mjs';
import { hr, memory, rng, round, runChild, timeLeft } from '../lib/common.mjs';

export const ZONES = ['UTC', 'Europe/London', 'Europe/Paris', 'Europe/Berlin', 'Europe/Moscow', 'Africa/Cairo', 'Africa/Lagos', 'Asia/Dubai', 'Asia/Kolkata', 'Asia/Shanghai',
  'Asia/Tokyo', 'Asia/Singapore', 'Australia/Sydney', 'Pacific/Auckland', 'America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles', 'America/Sao_Paulo', 'America/Mexico_City'];

async function adapter(lib, kind) {
  const noop = () => {};
  if (lib === 'kronos') {
    const { Scheduler, silentLogger } = await loadKronos();
    const s = new Scheduler({ logger: silentLogger });
    s.start();
    return {
      add: kind === 'cron'
        ? (name, h, m, timeZone) => { s.addCronTask({ name, cron: `${m} ${h} * * *`, timeZone, action: noop }); return name; }
        : (name, h, m, timeZone) => { s.addWeekdayTask({ name, weekdays: [1, 2, 3, 4, 5], timeOnDay: [h, m], timeZone, action: noop }); return name; },
      next: (name) => s.getTask(name).nextRuns(1, Date.UTC(2027, 0, 1))[0].getTime(),
      stop: () => s.stop({ timeout: 0 }),
    };
  }
  const expr = (h, m) => (kind === 'cron' ? `${m} ${h} * * *` : `${m} ${h} * * 1-5`);
  if (lib === 'croner') {
    const { Cron } = await import('croner');
    const jobs = [];
    return {
      add: (name, h, m, timezone) => { const j = new Cron(expr(h, m), { name, timezone }, noop); jobs.push(j); return j; },
      next: (j) => j.nextRun(new Date(Date.UTC(2027, 0, 1))).getTime(),
      stop: () => { for (const j of jobs) j.stop(); },
    };
  }
  if (lib === 'node-schedule') {
    const schedule = (await import('node-schedule')).default;
    return {
      add: (name, h, m, tz) => schedule.scheduleJob(name, { rule: expr(h, m), tz }, noop),
      next: (j) => j.nextInvocation()?.getTime() ?? null,
      stop: () => schedule.gracefulShutdown(),
    };
  }
  return null;
}

runChild('w8', async (lib, { n, kind }, out) => {
  const a = await adapter(lib, kind);
  if (!a) {
    out.status = 'n/a';
    out.reason = 'no zoned daily rule through this adapter';
    return;
  }
  const random = rng(8);
  const handles = new Array(n).fill(undefined);
  const names = Array.from({ length: n }, (_, i) => `user-${i}`);
  const base = memory();
  const start = hr();
  const budget = timeLeft() * 0.7;
  let added = 0;
  for (; added < n; added++) {
    const minute = Math.floor(random() * 1440);
    handles[added] = a.add(names[added], Math.floor(minute / 60), minute % 60, ZONES[added % ZONES.length]);
    if ((added & 1023) === 0 && hr() - start > budget) break;
  }
  const ms = hr() - start;
  out.added = added;
  out.complete = added === n;
  out.usPerAdd = round((ms * 1000) / added);
  const loaded = memory();
  out.heapPerTask = round((loaded.heap - base.heap) / added, 1);
  out.rssPerTask = round((loaded.rss - base.rss) / added, 1);
  out.sampleNext = new Date(a.next(handles[0])).toISOString();
  await Promise.race([a.stop(), new Promise((r) => setTimeout(r, 2000))]);
});
