// The job table: one row per job, an error row under a job that cannot run as declared, and
// the filters, which live in the URL query (`?q=&state=&source=&failing=1`) so that a
// filtered view can be reloaded, bookmarked and shared (the token is never in the query).
import { duration, fill, h, relative } from './dom.js';
import { sparkline } from './charts.js';

const FILTERS = ['q', 'state', 'source', 'failing'];
const FAILED = new Set(['error', 'timeout', 'lost']);

export function readFilters() {
  const query = new URLSearchParams(location.search);
  return Object.fromEntries(FILTERS.map((key) => [key, query.get(key) ?? '']));
}

export function writeFilters(filters) {
  const query = new URLSearchParams(location.search);
  for (const key of FILTERS) {
    if (filters[key]) query.set(key, filters[key]);
    else query.delete(key);
  }
  const search = query.toString();
  history.replaceState(null, '', `${location.pathname}${search ? `?${search}` : ''}${location.hash}`);
}

/** Shows the filters from the URL in the form, and keeps the URL in step with the form. */
export function bindFilters(onChange) {
  const form = document.getElementById('filters');
  const current = readFilters();
  form.elements.q.value = current.q;
  form.elements.state.value = current.state;
  form.elements.source.value = current.source;
  form.elements.failing.checked = current.failing === '1';
  const update = () => {
    writeFilters({ q: form.elements.q.value.trim(), state: form.elements.state.value, source: form.elements.source.value, failing: form.elements.failing.checked ? '1' : '' });
    onChange();
  };
  form.addEventListener('input', update);
  form.addEventListener('change', update);
  form.addEventListener('submit', (event) => event.preventDefault());
}

function matches(job, filters) {
  if (filters.q && !job.name.toLowerCase().includes(filters.q.toLowerCase())) return false;
  if (filters.state && job.state !== filters.state) return false;
  if (filters.source && job.source !== filters.source) return false;
  if (filters.failing === '1' && !FAILED.has(job.lastOutcome?.status)) return false;
  return true;
}

/** The problems that keep a job from running as declared, one sentence each. */
function problemsOf(job, orphan, detail) {
  const out = [];
  if (orphan) out.push(`Handler "${orphan.handler}" is not defined in any live process: no process can run this job.`);
  if (job.error) out.push(job.error);
  else if (detail?.error) out.push(`The job cannot be read: ${detail.error}`);
  if (!job.error && !detail?.error && job.state === 'scheduled' && job.nextRunAt === null) out.push('Invalid schedule: it yields no next run (check the rule and its time zone).');
  return out;
}

function outcomeCell(job) {
  const last = job.lastOutcome;
  if (!last) return h('td', { class: 'muted' }, 'none yet');
  const title = last.error ? `${last.error.name}: ${last.error.message}` : undefined;
  return h('td', { class: `outcome status-${last.status}`, 'data-status': last.status, title }, last.status, h('span', { class: 'raw' }, relative(last.at)));
}

function actionsCell(job, actions) {
  const paused = job.state === 'paused';
  return h('td', {},
    h('div', { class: 'actions' },
      h('button', { type: 'button', 'data-key': `run:${job.name}`, 'aria-label': `Run ${job.name} now`, onclick: () => actions.runNow(job) }, 'Run now'),
      paused
        ? h('button', { type: 'button', 'data-key': `resume:${job.name}`, 'aria-label': `Resume ${job.name}`, onclick: () => actions.resume(job) }, 'Resume')
        : h('button', { type: 'button', 'data-key': `pause:${job.name}`, 'aria-label': `Pause ${job.name}`, onclick: () => actions.pause(job) }, 'Pause'),
      h('button', { type: 'button', class: 'danger', 'data-key': `delete:${job.name}`, 'aria-label': `Delete ${job.name}`, disabled: !paused, title: paused ? undefined : 'Pause the job first', onclick: () => actions.remove(job) }, 'Delete')));
}

const show = (value) => (typeof value === 'string' ? value : JSON.stringify(value));

/**
 * The job's definition as declared (GET /api/jobs/:name's `definition`): its type, every
 * option it was given (durations in ms, instants in epoch ms), action, arguments and queue.
 */
export function definitionText(job, definition) {
  if (!definition) return job.type === 'cron' ? `cron ${job.schedule}` : job.type;
  const parts = [definition.type];
  for (const [key, value] of Object.entries(definition.options)) parts.push(`${key}: ${show(value)}`);
  if (definition.action !== null) parts.push(`action: ${show(definition.action)}`);
  if (definition.args.length > 0) parts.push(`args: ${show(definition.args)}`);
  if (definition.kw) parts.push(`kw: ${show(definition.kw)}`);
  parts.push(`queue: ${definition.queue}`);
  return parts.join(' · ');
}

/**
 * Renders `jobs` (GET /api/jobs) with each one's `details` (GET /api/jobs/:name: history,
 * counts) and the `orphans` (GET /api/orphans), through the filters in the URL.
 */
export function renderTable({ jobs, details, orphans }, actions) {
  const body = document.getElementById('jobs-body');
  const focused = document.activeElement?.getAttribute?.('data-key');
  const filters = readFilters();
  const orphanOf = new Map(orphans.map((o) => [o.name, o]));
  const shown = jobs.filter((job) => matches(job, filters));
  const rows = [];
  for (const job of shown) {
    const detail = details.get(job.name);
    const runs = detail?.job?.history ?? [];
    const counts = detail?.job?.counts;
    const last = job.lastOutcome;
    rows.push(h('tr', { 'data-job': job.name, 'data-state': job.state },
      h('th', { scope: 'row' }, h('a', { href: `#job=${encodeURIComponent(job.name)}` }, job.name), job.source === 'file' ? h('span', { class: 'badge', title: 'declared in a job file' }, 'file') : null),
      h('td', {}, job.schedule, h('span', { class: 'raw', 'data-definition': job.name }, definitionText(job, detail?.job?.definition))),
      h('td', {}, job.timeZone ?? '–'),
      h('td', { class: `state-${job.state}` }, job.state),
      h('td', { title: job.nextRunAt ?? undefined }, job.state === 'paused' ? '–' : relative(job.nextRunAt)),
      outcomeCell(job),
      h('td', { class: 'num' }, last ? duration(last.latenessMs) : '–'),
      h('td', { class: 'num', 'data-missed': counts?.missed ?? '' }, counts ? String(counts.missed) : '–'),
      h('td', {}, sparkline(runs)),
      actionsCell(job, actions)));
    for (const problem of problemsOf(job, orphanOf.get(job.name), detail)) {
      rows.push(h('tr', { class: 'error-row', 'data-problem': job.name }, h('td', { colspan: 10, role: 'alert' }, `${job.name}: ${problem}`)));
    }
  }
  if (rows.length === 0) rows.push(h('tr', {}, h('td', { colspan: 10, class: 'muted' }, jobs.length === 0 ? 'No jobs.' : 'No job matches the filters.')));
  fill(body, rows);
  if (focused) body.querySelector(`[data-key="${CSS.escape(focused)}"]`)?.focus();
}
