// W5 next-run: 10k successive occurrences of "Mon/Wed/Fri 14:30" and "31st 09:00" from a fixed
// start, in the process zone, UTC and America/New_York: occurrences/s, a checksum (all engines
// must agree), and each engine's answers on the 2027 DST transition days of New York and Berlin.
import { load } from '../lib/adapters.mjs';
import { hr, round, runChild, timeLeft } from '../lib/common.mjs';

const START = Date.UTC(2027, 0, 1);
const RULES = {
  weekday: { weekdays: [1, 3, 5], timeOnDay: [14, 30], cron6: '0 30 14 * * 1,3,5' },
  monthday: { monthdays: [31], timeOnDay: [9, 0], cron6: '0 0 9 31 * *' },
  daily0230: { weekdays: [1, 2, 3, 4, 5, 6, 7], timeOnDay: [2, 30], cron6: '0 30 2 * * *' },
  daily0130: { weekdays: [1, 2, 3, 4, 5, 6, 7], timeOnDay: [1, 30], cron6: '0 30 1 * * *' },
};
const ZONES = { process: undefined, UTC: 'UTC', 'America/New_York': 'America/New_York' };
// Day before each transition, noon local, as an instant; the rule; the zone.
const DST_CASES = [
  ['New York spring gap 02:30 (2027-03-14)', Date.UTC(2027, 2, 13, 17), 'daily0230', 'America/New_York'],
  ['New York fall fold 01:30 (2027-11-07)', Date.UTC(2027, 10, 6, 16), 'daily0130', 'America/New_York'],
  ['Berlin spring gap 02:30 (2027-03-28)', Date.UTC(2027, 2, 27, 11), 'daily0230', 'Europe/Berlin'],
  ['Berlin fall fold 02:30 (2027-10-31)', Date.UTC(2027, 9, 30, 10), 'daily0230', 'Europe/Berlin'],
];

/** Returns next(afterMs) -> ms|null for one rule in one zone, through the library's public API. */
async function engine(lib) {
  const a = await load(lib);
  const noop = () => {};
  switch (lib) {
    case 'kronos': {
      const m = await import('../lib/adapters.mjs').then((x) => x.loadKronos());
      return (rule, tz) => {
        const opts = { action: noop, timeOnDay: rule.timeOnDay, ...(tz ? { timeZone: tz } : {}) };
        const task = rule.monthdays ? new m.MonthdayTask({ ...opts, monthdays: rule.monthdays }) : new m.WeekdayTask({ ...opts, weekdays: rule.weekdays });
        return (after) => task.nextRun(new Date(after))?.getTime() ?? null;
      };
    }
    case 'croner':
      return (rule, tz) => {
        const job = new a.raw.Cron(rule.cron6, { paused: true, ...(tz ? { timezone: tz } : {}) });
        return (after) => job.nextRun(new Date(after))?.getTime() ?? null;
      };
    case 'node-schedule':
      return (rule, tz) => {
        const r = new a.raw.schedule.RecurrenceRule();
        r.second = 0;
        r.minute = rule.timeOnDay[1];
        r.hour = rule.timeOnDay[0];
        if (rule.monthdays) r.date = rule.monthdays;
        // node-schedule: 0 = Sunday
        else r.dayOfWeek = rule.weekdays.map((d) => d % 7);
        if (tz) r.tz = tz;
        return (after) => r.nextInvocationDate(new Date(after))?.getTime() ?? null;
      };
    case 'cron':
      return (rule, tz) => {
        const ct = new a.raw.CronTime(rule.cron6, tz);
        return (after) => ct.getNextDateFrom(new Date(after), tz)?.toMillis() ?? null;
      };
    default:
      return null;
  }
}

const NA = {
  'toad-scheduler': 'its CronJob delegates to croner (see the croner row)',
  'node-cron': 'no next-run-from-a-given-date API (getNextRuns() counts from now only)',
  bree: 'no public next-run API',
  setTimeout: 'yardstick: no calendar rules',
  'tinyqueue-loop': 'yardstick: no calendar rules',
};

runChild('w5', async (lib, { count }, out) => {
  if (NA[lib]) {
    out.status = 'n/a';
    out.reason = NA[lib];
    return;
  }
  const make = await engine(lib);
  out.processZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  out.cases = {};
  for (const ruleName of ['weekday', 'monthday']) {
    for (const [zoneName, tz] of Object.entries(ZONES)) {
      const key = `${ruleName} ${zoneName}`;
      try {
      const next = make(RULES[ruleName], tz);
      for (let w = 0, t = START; w < 500 && t !== null; w++) t = next(t); // warm-up
      let t = START;
      let sum = 0;
      let done = 0;
      const start = hr();
      for (; done < count; done++) {
        t = next(t);
        if (t === null) break;
        sum += t / 1000;
        if ((done & 255) === 0 && timeLeft() < 5000) break;
      }
      const ms = hr() - start;
      out.cases[key] = { occurrences: done, perSec: Math.round((done / ms) * 1000), checksum: sum, last: t === null ? null : new Date(t).toISOString() };
      } catch (error) {
        out.cases[key] = { error: String(error.message ?? error).split('\n')[0].slice(0, 120) };
      }
    }
  }
  out.dst = {};
  for (const [label, after, ruleName, tz] of DST_CASES) {
    try {
      const next = make(RULES[ruleName], tz);
      const first = next(after);
      const second = first === null ? null : next(first);
      out.dst[label] = [first, second].map((t) => (t === null ? null : local(t, tz)));
    } catch (error) {
      out.dst[label] = [`error: ${String(error.message ?? error).slice(0, 80)}`];
    }
  }
});

function local(ms, tz) {
  const f = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'shortOffset' });
  const p = Object.fromEntries(f.formatToParts(ms).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute} ${p.timeZoneName}`;
}
