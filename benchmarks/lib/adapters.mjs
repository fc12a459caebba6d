// One adapter per library, each driving the library through its real public API.
// An adapter exposes what the workloads need and says what it can't express (`caps`).
//   interval(periodMs, firstAtMs, fn) -> handle   (fn gets no args)
//   once(atMs, fn) -> handle, cancel(handle), start(), stop(), nextRunOf(handle) -> ms|null
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, resolve } from 'node:path';
import TinyQueueLocal from './tinyqueue-fallback.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const KRONOS_ENTRY = resolve(here, '..', process.env.KRONOS_ENTRY ?? '../dist/index.js');

export const OURS = 'kronos';
/** Named tasks through addIntervalTask, cancelled by name: the headline rows of W1 and W2 (how users write tasks). */
export const NAMED = 'kronos-named';
/** ThreadedScheduler (W4 only; driven by workloads/w4-accuracy.mjs itself, not by an adapter). */
export const THREADED = 'kronos-threaded';
export const YARDSTICKS = ['setTimeout', 'tinyqueue-loop'];
export const PEERS = ['toad-scheduler', 'croner', 'node-schedule', 'node-cron', 'cron', 'bree'];
export const ALL = [OURS, ...PEERS, ...YARDSTICKS];

export const loadKronos = () => import(pathToFileURL(KRONOS_ENTRY).href);

/** Cron seconds field for a 60 s period whose first run is at or after `firstAtMs`. */
const cronForPeriod = (periodMs, firstAtMs) => {
  if (periodMs === 1000) return '* * * * * *';
  if (periodMs === 60_000) return `${Math.ceil(firstAtMs / 1000) % 60} * * * * *`;
  throw new Error(`period ${periodMs} ms is not expressible as a cron rule here`);
};

const adapters = {
  async kronos() {
    const { Scheduler, IntervalTask, SingleTask, silentLogger } = await loadKronos();
    const s = new Scheduler({ logger: silentLogger });
    return {
      caps: { subSecond: true, once: true, firstAt: true },
      raw: { Scheduler, s },
      // scheduleTaskAbs: the first run at an absolute instant, then on the interval's grid. No
      // clock read in the adapter (toad's adapter reads none either; croner & co. take a Date).
      interval: (periodMs, firstAtMs, fn) => { const t = new IntervalTask({ interval: periodMs, action: fn }); s.scheduleTaskAbs(t, firstAtMs); return t; },
      once: (atMs, fn) => s.add(new SingleTask({ at: Math.round(atMs), action: fn })),
      cancel: (task) => s.cancel(task),
      start: () => s.start(),
      stop: () => s.stop({ timeout: 0 }),
      nextRunOf: (task) => s.tasks().find((t) => t.name === task.name)?.nextRunAt?.getTime() ?? null,
      onError: (fn) => s.on('error', fn),
    };
  },

  /**
   * How users write tasks: named, through addIntervalTask, cancelled by name (toad's adapter
   * pays for ids too). The headline rows of W1 and W2; not in ALL, since the other workloads
   * need one-shots or a Task handle.
   */
  async 'kronos-named'() {
    const { Scheduler, silentLogger } = await loadKronos();
    const s = new Scheduler({ logger: silentLogger });
    const origin = Date.now();
    let id = 0;
    return {
      caps: { subSecond: true, once: false, firstAt: true },
      raw: { Scheduler, s },
      interval: (periodMs, firstAtMs, fn) => {
        const name = `j${id++}`;
        s.addIntervalTask({ name, interval: periodMs, initialDelay: Math.max(0, firstAtMs - origin), action: fn });
        return name;
      },
      cancel: (name) => s.cancel(name),
      start: () => s.start(),
      stop: () => s.stop({ timeout: 0 }),
      nextRunOf: () => null,
    };
  },

  async 'toad-scheduler'() {
    const { ToadScheduler, SimpleIntervalJob, LongIntervalJob, Task, AsyncTask } = await import('toad-scheduler');
    const s = new ToadScheduler();
    let id = 0;
    return {
      caps: { subSecond: true, once: false, firstAt: false, why: { once: 'no one-shot/date job type', firstAt: 'no initial delay: the first run is one period after add' } },
      interval: (periodMs, _firstAtMs, fn, async = false) => {
        const jobId = `j${id++}`;
        const task = async ? new AsyncTask(jobId, fn, () => {}) : new Task(jobId, fn, () => {});
        const Job = periodMs >= 2 ** 31 - 1 ? LongIntervalJob : SimpleIntervalJob;
        s.addSimpleIntervalJob(new Job({ milliseconds: periodMs }, task, { id: jobId }));
        return jobId;
      },
      cancel: (jobId) => s.removeById(jobId),
      start: () => {},
      stop: () => s.stop(),
      nextRunOf: () => null,
    };
  },

  async croner() {
    const { Cron } = await import('croner');
    const jobs = [];
    return {
      caps: { subSecond: false, once: true, firstAt: true },
      raw: { Cron },
      interval: (periodMs, firstAtMs, fn) => { const j = new Cron(cronForPeriod(periodMs, firstAtMs), fn); jobs.push(j); return j; },
      once: (atMs, fn) => new Cron(new Date(atMs), fn),
      cancel: (j) => j.stop(),
      start: () => {},
      stop: () => { for (const j of jobs) j.stop(); },
      nextRunOf: (j) => j.nextRun()?.getTime() ?? null,
    };
  },

  async 'node-schedule'() {
    const schedule = (await import('node-schedule')).default;
    return {
      caps: { subSecond: false, once: true, firstAt: true },
      raw: { schedule },
      interval: (periodMs, firstAtMs, fn) => schedule.scheduleJob(cronForPeriod(periodMs, firstAtMs), fn),
      once: (atMs, fn) => schedule.scheduleJob(new Date(atMs), fn),
      cancel: (j) => j.cancel(),
      start: () => {},
      stop: () => schedule.gracefulShutdown(),
      nextRunOf: (j) => j.nextInvocation()?.getTime() ?? null,
    };
  },

  async 'node-cron'() {
    const cron = (await import('node-cron')).default;
    return {
      caps: { subSecond: false, once: false, firstAt: true, why: { once: 'cron expressions only (no Date / one-shot API)' } },
      raw: { cron },
      interval: (periodMs, firstAtMs, fn) => cron.schedule(cronForPeriod(periodMs, firstAtMs), fn, { suppressMissedWarning: true }),
      cancel: (t) => t.destroy(),
      start: () => {},
      stop: () => { for (const t of cron.getTasks().values()) t.destroy(); },
      nextRunOf: (t) => t.getNextRun()?.getTime() ?? null,
    };
  },

  async cron() {
    const { CronJob, CronTime } = await import('cron');
    const jobs = [];
    return {
      caps: { subSecond: false, once: true, firstAt: true },
      raw: { CronJob, CronTime },
      interval: (periodMs, firstAtMs, fn) => { const j = CronJob.from({ cronTime: cronForPeriod(periodMs, firstAtMs), onTick: fn, start: true }); jobs.push(j); return j; },
      once: (atMs, fn) => CronJob.from({ cronTime: new Date(atMs), onTick: fn, start: true }),
      cancel: (j) => j.stop(),
      start: () => {},
      stop: () => { for (const j of jobs) j.stop(); },
      nextRunOf: (j) => j.nextDate()?.toMillis() ?? null,
    };
  },

  async bree() {
    const Bree = (await import('bree')).default;
    const root = resolve(here, 'bree-jobs');
    const bree = new Bree({ root, logger: false, doRootCheck: false, errorHandler: () => {}, workerMessageHandler: () => {} });
    let n = 0;
    return {
      caps: { subSecond: true, once: true, firstAt: true, worker: true },
      raw: { bree },
      interval: async (periodMs, firstAtMs, _fn) => {
        const name = `job${n++}`;
        await bree.add({ name, path: resolve(root, 'noop.mjs'), interval: periodMs, timeout: Math.max(0, Math.round(firstAtMs - Date.now())) });
        await bree.start(name);
        return name;
      },
      once: async (atMs, _fn) => {
        const name = `job${n++}`;
        await bree.add({ name, path: resolve(root, 'noop.mjs'), date: new Date(atMs) });
        await bree.start(name);
        return name;
      },
      cancel: async (name) => { await bree.remove(name); },
      start: () => {},
      stop: () => bree.stop(),
      nextRunOf: () => null,
    };
  },

  async setTimeout() {
    // Yardstick: one bare timer per task, re-armed on the grid after each run.
    return {
      caps: { subSecond: true, once: true, firstAt: true },
      interval: (periodMs, firstAtMs, fn) => {
        const h = { t: null, next: firstAtMs };
        const tick = () => { h.next += periodMs; h.t = setTimeout(tick, h.next - Date.now()); fn(); };
        h.t = setTimeout(tick, firstAtMs - Date.now());
        return h;
      },
      once: (atMs, fn) => ({ t: setTimeout(fn, atMs - Date.now()) }),
      cancel: (h) => clearTimeout(h.t),
      start: () => {},
      stop: () => {},
      nextRunOf: (h) => h.next ?? null,
    };
  },

  async 'tinyqueue-loop'() {
    // Yardstick: the least a heap scheduler can be: tinyqueue + one timer (capped at 30 s), lazy cancel.
    let TinyQueue = TinyQueueLocal;
    try { TinyQueue = (await import('tinyqueue')).default; } catch { /* smoke mode without node_modules */ }
    const q = new TinyQueue([], (a, b) => a.at - b.at);
    let timer = null;
    let armedAt = Infinity;
    const arm = () => {
      while (q.length && q.peek().dead) q.pop();
      if (!q.length) return;
      const at = q.peek().at;
      if (timer && armedAt <= at) return;
      clearTimeout(timer);
      armedAt = at;
      timer = setTimeout(wake, Math.min(30_000, Math.max(0, at - Date.now())));
    };
    const wake = () => {
      timer = null; armedAt = Infinity;
      const now = Date.now();
      while (q.length && q.peek().at <= now) {
        const e = q.pop();
        if (e.dead) continue;
        if (e.period) { e.at += e.period; q.push(e); }
        try { e.fn(); } catch { /* keep going */ }
      }
      arm();
    };
    const push = (e) => { q.push(e); arm(); return e; };
    return {
      caps: { subSecond: true, once: true, firstAt: true },
      interval: (periodMs, firstAtMs, fn) => push({ at: firstAtMs, period: periodMs, fn, dead: false }),
      once: (atMs, fn) => push({ at: atMs, period: 0, fn, dead: false }),
      cancel: (e) => { e.dead = true; },
      start: () => {},
      stop: () => clearTimeout(timer),
      nextRunOf: (e) => e.at,
      queue: q,
    };
  },
};

export async function load(name) {
  const make = adapters[name];
  if (!make) throw new Error(`unknown library ${name}`);
  return make();
}
