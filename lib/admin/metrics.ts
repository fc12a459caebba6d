/**
 * Prometheus metrics in the text exposition format (0.0.4), hand-rolled: the format is a few
 * lines of text, most series are read from the scheduler at scrape time, and the library keeps
 * its runtime dependencies few (docs/admin.md, "Design choices", says why not prom-client).
 *
 * Counters and histograms count what THIS process saw (its runs); on a durable store sum them
 * over instances. Gauges read the schedules, which on a durable store are shared.
 * Base units only (seconds); labels are per job, never per run.
 */
import type { TaskInfo } from '../types.js';
import type { RunEntry, RunFeed, RunFeedListener } from './history.js';

/** One job as the scrape sees it. */
export interface JobSnapshot {
  name: string;
  type: string;
  schedule: string;
  timeZone: string | null;
  info: TaskInfo;
}

export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** Seconds: from a fast handler (5 ms) to a long batch job (1 h). */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];
/** Claim transactions: a few ms on a healthy database; seconds mean trouble. */
const CLAIM_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10];
/** Seconds late: timer jitter (1 ms) to a stalled process (10 min). */
const LATENESS_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30, 60, 600];

const OUTCOMES = ['success', 'error', 'timeout', 'skipped'] as const;
type Outcome = (typeof OUTCOMES)[number];

class Histogram {
  readonly counts: number[];
  sum = 0;
  count = 0;
  constructor(readonly bounds: readonly number[]) {
    this.counts = bounds.map(() => 0);
  }

  observe(value: number): void {
    this.sum += value;
    this.count++;
    for (let i = 0; i < this.bounds.length; i++) if (value <= this.bounds[i]!) this.counts[i]!++;
  }
}

interface JobSeries {
  runs: Record<Outcome, number>;
  missed: number;
  active: number;
  duration: Histogram;
  lateness: Histogram;
  lastSuccess: number | null;
}

/** Escapes a label value: backslash, double quote and line feed (the format's three escapes). */
export function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function labels(pairs: Record<string, string>): string {
  return `{${Object.entries(pairs).map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}`;
}

/** A histogram's bucket, sum and count samples, under `pairs` (no label set when empty). */
function histogramLines(out: string[], name: string, pairs: Record<string, string>, h: Histogram): void {
  const set = Object.keys(pairs).length === 0 ? '' : labels(pairs);
  h.bounds.forEach((bound, i) => out.push(`${name}_bucket${labels({ ...pairs, le: num(bound) })} ${h.counts[i]}`));
  out.push(`${name}_bucket${labels({ ...pairs, le: '+Inf' })} ${h.count}`, `${name}_sum${set} ${num(h.sum)}`, `${name}_count${set} ${h.count}`);
}

/** A sample value: integers as they are, floats in the shortest round-trip form, ±Inf and NaN by name. */
function num(value: number): string {
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  if (Number.isNaN(value)) return 'NaN';
  return String(value);
}

export class MetricsCollector implements RunFeedListener {
  readonly #jobs = new Map<string, JobSeries>();
  #clockSkew: number | null = null;
  readonly #claims = new Histogram(CLAIM_BUCKETS);
  #claimedRuns = 0;
  readonly #lost = { retried: 0, failed: 0 };

  constructor(feed: RunFeed) {
    feed.listen(this);
  }

  #series(name: string): JobSeries {
    let series = this.#jobs.get(name);
    if (series === undefined) {
      series = {
        runs: { success: 0, error: 0, timeout: 0, skipped: 0 }, missed: 0, active: 0,
        duration: new Histogram(DURATION_BUCKETS), lateness: new Histogram(LATENESS_BUCKETS), lastSuccess: null,
      };
      this.#jobs.set(name, series);
    }
    return series;
  }

  start(name: string, entry: RunEntry): void {
    const series = this.#series(name);
    series.active++;
    if (entry.latenessMs !== null) series.lateness.observe(Math.max(0, entry.latenessMs) / 1000);
  }

  end(name: string, entry: RunEntry): void {
    const series = this.#series(name);
    series.active = Math.max(0, series.active - 1);
    if (entry.status === 'success' || entry.status === 'error' || entry.status === 'timeout') series.runs[entry.status]++;
    if (entry.durationMs !== null) series.duration.observe(entry.durationMs / 1000);
    if (entry.status === 'success' && entry.finishedAt !== null) series.lastSuccess = entry.finishedAt;
  }

  slot(name: string, entry: RunEntry): void {
    const series = this.#series(name);
    if (entry.status === 'skipped') series.runs.skipped++;
    else if (entry.status === 'missed') series.missed += entry.count ?? 1;
  }

  /** Slots this process saw missed (misfire) and skipped (overlap) for `name`. */
  countsOf(name: string): { missed: number; skipped: number } {
    const series = this.#jobs.get(name);
    return { missed: series?.missed ?? 0, skipped: series?.runs.skipped ?? 0 };
  }

  /** A cancelled job's series go, so a churn of names does not grow the scrape forever. */
  cancel(name: string): void {
    this.#jobs.delete(name);
  }

  clockSkew(offsetMs: number): void {
    this.#clockSkew = offsetMs / 1000;
  }

  claim(durationMs: number, runs: number): void {
    this.#claims.observe(durationMs / 1000);
    this.#claimedRuns += runs;
  }

  lost(_name: string, retried: boolean): void {
    this.#lost[retried ? 'retried' : 'failed']++;
  }

  /** The scrape: every metric of DESIGN §8 for `jobs`, with HELP and TYPE lines. */
  render(jobs: readonly JobSnapshot[], durable: boolean): string {
    const out: string[] = [];
    const family = (name: string, type: string, help: string): void => {
      out.push(`# HELP ${name} ${help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`, `# TYPE ${name} ${type}`);
    };
    const seriesOf = (name: string): JobSeries => this.#jobs.get(name) ?? this.#series(name);

    family('kronos_runs_total', 'counter', 'Runs finished (or slots skipped for overlap) by this process, by outcome.');
    for (const job of jobs) {
      const s = seriesOf(job.name);
      for (const outcome of OUTCOMES) out.push(`kronos_runs_total${labels({ job: job.name, outcome })} ${s.runs[outcome]}`);
    }
    this.#histogram(out, family, 'kronos_run_duration_seconds', 'How long runs took, in seconds.', jobs, (s) => s.duration);
    this.#histogram(out, family, 'kronos_run_lateness_seconds', 'How late runs started after their scheduled time, in seconds.', jobs, (s) => s.lateness);
    family('kronos_runs_active', 'gauge', 'Runs going on in this process.');
    for (const job of jobs) out.push(`kronos_runs_active${labels({ job: job.name })} ${seriesOf(job.name).active}`);
    family('kronos_missed_slots_total', 'counter', 'Slots dropped by the misfire policy (catchUp), as `missed` events counted them.');
    for (const job of jobs) out.push(`kronos_missed_slots_total${labels({ job: job.name })} ${seriesOf(job.name).missed}`);
    family('kronos_job_next_run_timestamp_seconds', 'gauge', 'The next run, in seconds since the epoch (absent when the job has none).');
    for (const job of jobs) {
      const at = job.info.nextRunAt;
      if (at !== null) out.push(`kronos_job_next_run_timestamp_seconds${labels({ job: job.name })} ${num(at.getTime() / 1000)}`);
    }
    family('kronos_job_last_success_timestamp_seconds', 'gauge', 'When the last successful run finished, in seconds since the epoch (absent before one).');
    for (const job of jobs) {
      const seen = seriesOf(job.name).lastSuccess;
      const last = job.info.lastOutcome;
      const stored = last?.status === 'success' ? last.at.getTime() : null;
      const at = seen === null ? stored : stored === null ? seen : Math.max(seen, stored);
      if (at !== null) out.push(`kronos_job_last_success_timestamp_seconds${labels({ job: job.name })} ${num(at / 1000)}`);
    }
    family('kronos_job_paused', 'gauge', '1 when the job is paused, else 0.');
    for (const job of jobs) out.push(`kronos_job_paused${labels({ job: job.name })} ${job.info.state === 'paused' ? 1 : 0}`);
    family('kronos_job_info', 'gauge', 'Always 1; the labels describe the job.');
    for (const job of jobs) {
      out.push(`kronos_job_info${labels({ job: job.name, type: job.type, schedule: job.schedule, timezone: job.timeZone ?? '' })} 1`);
    }
    if (durable) {
      family('kronos_clock_skew_seconds', 'gauge', "The store's clock minus this process's, in seconds, as last measured over 60 s (0 until then).");
      out.push(`kronos_clock_skew_seconds ${num(this.#clockSkew ?? 0)}`);
      family('kronos_claim_duration_seconds', 'histogram', "This process's claim transactions (taking due slots from the store), in seconds.");
      histogramLines(out, 'kronos_claim_duration_seconds', {}, this.#claims);
      family('kronos_claimed_runs_total', 'counter', 'Runs this process took by its claims (slots and manual runs).');
      out.push(`kronos_claimed_runs_total ${this.#claimedRuns}`);
      family('kronos_leases_lost_total', 'counter', 'Runs whose lease ran out (their process died or stalled), found by this process: retried as a new attempt, or failed for good.');
      out.push(`kronos_leases_lost_total${labels({ outcome: 'retried' })} ${this.#lost.retried}`, `kronos_leases_lost_total${labels({ outcome: 'failed' })} ${this.#lost.failed}`);
    }
    return `${out.join('\n')}\n`;
  }

  #histogram(out: string[], family: (n: string, t: string, h: string) => void, name: string, help: string, jobs: readonly JobSnapshot[], pick: (s: JobSeries) => Histogram): void {
    family(name, 'histogram', help);
    for (const job of jobs) {
      histogramLines(out, name, { job: job.name }, pick(this.#jobs.get(job.name) ?? this.#series(job.name)));
    }
  }
}
