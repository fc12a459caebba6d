// Helpers shared by every workload child: seeded RNG, GC + memory sampling, percentiles,
// a self-imposed deadline and the one-JSON-line result protocol.
import { performance } from 'node:perf_hooks';

export const SMOKE = process.env.BENCH_SMOKE === '1';
/** Every child stops itself within this budget (the parent kills at 60 s). */
export const DEADLINE_MS = Number(process.env.BENCH_DEADLINE_MS ?? (SMOKE ? 10_000 : 50_000));
const started = performance.now();
export const elapsed = () => performance.now() - started;
export const timeLeft = () => DEADLINE_MS - elapsed();

/** Wall-clock time with sub-millisecond resolution (same epoch as Date.now()). */
export const nowMs = () => performance.timeOrigin + performance.now();
export const hr = () => performance.now();

/** mulberry32: small, fast, fixed-seed PRNG. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function gcNow() {
  if (typeof globalThis.gc !== 'function') throw new Error('run with node --expose-gc');
  for (let i = 0; i < 3; i++) globalThis.gc();
}

export function heapUsed() {
  gcNow();
  return process.memoryUsage().heapUsed;
}

export function memory() {
  gcNow();
  const m = process.memoryUsage();
  // "heap" counts ArrayBuffers too (kronos' run queue keeps due times in typed arrays, which
  // live outside the JS heap): no library's memory hides off-heap. `external` is the rest of
  // the native memory (m.external already includes m.arrayBuffers).
  return { heap: m.heapUsed + m.arrayBuffers, rss: m.rss, external: m.external - m.arrayBuffers };
}

/** Peak resident set size in bytes. */
export const peakRss = () => process.resourceUsage().maxRSS * 1024;

export function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export function latencyStats(values) {
  const s = Float64Array.from(values).sort();
  const r = (x) => (x === null ? null : Math.round(x * 1000) / 1000);
  return { count: s.length, p50: r(percentile(s, 50)), p99: r(percentile(s, 99)), max: r(s.length ? s[s.length - 1] : null) };
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Busy-waits: blocks the event loop like a heavy synchronous handler would. */
export function block(ms) {
  const end = hr() + ms;
  while (hr() < end);
}

export const round = (x, digits = 3) => (x === null || x === undefined || !Number.isFinite(x) ? x ?? null : Math.round(x * 10 ** digits) / 10 ** digits);

/** Prints the single JSON result line the parent reads, then exits. */
export function emit(result) {
  const line = JSON.stringify({ ...result, peakRss: peakRss(), node: process.version });
  process.stdout.write(`@@RESULT ${line}\n`, () => process.exit(0));
}

/** Arguments: node workload.mjs <library> <json params>. */
export function args() {
  const [lib, json] = process.argv.slice(2);
  return { lib, params: json ? JSON.parse(json) : {} };
}

/** Runs `main` and always emits a line, even when the library throws or stalls. */
export async function runChild(workload, main) {
  const { lib, params } = args();
  const partial = { workload, lib, params, status: 'ok' };
  const guard = setTimeout(() => {
    partial.status = 'deadline';
    emit(partial);
  }, DEADLINE_MS + 2_000);
  guard.unref();
  try {
    await main(lib, params, partial);
  } catch (error) {
    partial.status = 'error';
    partial.error = String(error?.stack ?? error).split('\n').slice(0, 4).join(' | ');
  }
  clearTimeout(guard);
  emit(partial);
}
