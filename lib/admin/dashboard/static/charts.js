// The charts, as inline SVG built in the page (no library): a job's last outcomes, the runs
// per hour ahead (em_scheduler's 24 h chart) and a job's run durations.
import { duration, svg } from './dom.js';

/** One bar per outcome, oldest on the left; failures stand taller so they catch the eye. */
export function sparkline(runs, slots = 30) {
  const w = 4;
  const gap = 1;
  const height = 18;
  const shown = runs.slice(0, slots).reverse();
  const label = shown.length === 0 ? 'no runs yet' : `last ${shown.length} outcomes: ${summary(shown)}`;
  const root = svg('svg', { width: slots * (w + gap), height, viewBox: `0 0 ${slots * (w + gap)} ${height}`, role: 'img', 'aria-label': label, class: 'sparkline' });
  root.append(svg('title', {}, label));
  shown.forEach((run, i) => {
    const tall = run.status === 'error' || run.status === 'timeout' || run.status === 'lost' ? height : run.status === 'success' ? height * 0.6 : height * 0.35;
    root.append(svg('rect', { x: i * (w + gap), y: height - tall, width: w, height: tall, class: `spark-${run.status}`, 'data-status': run.status }));
  });
  return root;
}

function summary(runs) {
  const counts = {};
  for (const run of runs) counts[run.status] = (counts[run.status] ?? 0) + 1;
  return Object.entries(counts).map(([status, n]) => `${n} ${status}`).join(', ');
}

/** Bars of `GET /api/upcoming` buckets, labelled with the local hour. */
export function upcomingChart(data) {
  const buckets = data.buckets;
  const width = 720;
  const height = 160;
  const left = 32;
  const bottom = 20;
  const top = 12;
  const max = Math.max(1, ...buckets.map((b) => b.runs));
  const slot = (width - left) / buckets.length;
  const total = buckets.reduce((sum, b) => sum + b.runs, 0);
  const root = svg('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': `${total} runs in the next ${data.hours} hours, at most ${max} in one hour`, id: 'upcoming-chart' });
  root.append(svg('line', { x1: left, y1: height - bottom, x2: width, y2: height - bottom, class: 'axis' }));
  root.append(svg('text', { x: left - 4, y: top + 4, 'text-anchor': 'end' }, String(max)));
  root.append(svg('text', { x: left - 4, y: height - bottom, 'text-anchor': 'end' }, '0'));
  buckets.forEach((bucket, i) => {
    const barHeight = ((height - bottom - top) * bucket.runs) / max;
    const x = left + i * slot;
    const jobs = Object.entries(bucket.jobs).map(([name, n]) => `${name}: ${n}`).join(', ');
    const hour = new Date(bucket.start).getHours();
    const bar = svg('rect', { x: x + 1, y: height - bottom - barHeight, width: Math.max(1, slot - 2), height: barHeight, class: 'bar', 'data-runs': bucket.runs });
    bar.append(svg('title', {}, `${String(hour).padStart(2, '0')}:00 – ${bucket.runs} run${bucket.runs === 1 ? '' : 's'}${jobs ? ` (${jobs})` : ''}`));
    root.append(bar);
    if (i % 3 === 0) root.append(svg('text', { x: x + slot / 2, y: height - 6, 'text-anchor': 'middle' }, `${String(hour).padStart(2, '0')}h`));
  });
  if (data.truncated?.length) root.append(svg('text', { x: width - 4, y: top, 'text-anchor': 'end' }, `counted up to ${data.perJobLimit} per job: ${data.truncated.join(', ')}`));
  return root;
}

/** Finished runs' durations, oldest on the left, each bar coloured by its outcome. */
export function durationsChart(history) {
  const runs = history.filter((r) => r.durationMs !== null && r.durationMs !== undefined).slice(0, 60).reverse();
  const width = 720;
  const height = 140;
  const left = 56;
  const bottom = 8;
  const top = 10;
  const max = Math.max(1, ...runs.map((r) => r.durationMs));
  const slot = (width - left) / Math.max(runs.length, 20);
  const root = svg('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': runs.length ? `durations of the last ${runs.length} runs, longest ${duration(max)}` : 'no finished runs yet', id: 'durations-chart' });
  root.append(svg('line', { x1: left, y1: height - bottom, x2: width, y2: height - bottom, class: 'axis' }));
  root.append(svg('text', { x: left - 4, y: top + 4, 'text-anchor': 'end' }, duration(max)));
  root.append(svg('text', { x: left - 4, y: height - bottom, 'text-anchor': 'end' }, '0'));
  runs.forEach((run, i) => {
    const barHeight = Math.max(1, ((height - bottom - top) * run.durationMs) / max);
    const bar = svg('rect', { x: left + i * slot + 1, y: height - bottom - barHeight, width: Math.max(1, slot - 2), height: barHeight, class: `spark-${run.status}` });
    bar.append(svg('title', {}, `${new Date(run.scheduledAt).toLocaleString()}: ${run.status}, ${duration(run.durationMs)}`));
    root.append(bar);
  });
  return root;
}
