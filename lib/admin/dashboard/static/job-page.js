// A job's page (`#job=NAME`): its facts, actions, a chart of run durations, the next runs
// and the run history with each error's stack trace.
import { duration, fill, h, localTime, relative } from './dom.js';
import { durationsChart } from './charts.js';
import { definitionText } from './table.js';

function fact(term, ...value) {
  return [h('dt', {}, term), h('dd', {}, ...value)];
}

function errorCell(run) {
  if (!run.error) return h('td', {}, run.count ? `${run.count} slot${run.count === 1 ? '' : 's'}` : '');
  const { name, message, stack } = run.error;
  return h('td', {}, h('details', {}, h('summary', {}, `${name}: ${message}`), h('pre', {}, stack ?? `${name}: ${message}`)));
}

function historyRows(history) {
  if (history.length === 0) return [h('tr', {}, h('td', { colspan: 6, class: 'muted' }, 'No runs seen yet.'))];
  return history.map((run) => h('tr', { 'data-status': run.status, 'data-run': `${run.kind}@${run.scheduledAt}@${run.attempt ?? 0}` },
    h('td', { title: run.scheduledAt }, localTime(run.scheduledAt)),
    h('td', {}, run.kind ?? '–'),
    h('td', { class: `outcome status-${run.status}` }, run.status),
    h('td', { class: 'num' }, duration(run.durationMs)),
    h('td', { class: 'num' }, duration(run.latenessMs)),
    errorCell(run)));
}

/** Renders GET /api/jobs/:name's `job` into the job page; `actions` as for the table. */
export function renderJobPage(job, actions) {
  const paused = job.state === 'paused';
  document.getElementById('job-title').textContent = job.name;
  const last = job.lastOutcome;
  fill(document.getElementById('job-facts'),
    fact('Schedule', job.schedule, h('span', { class: 'raw', id: 'job-definition' }, definitionText(job, job.definition))),
    job.error ? fact('Error', h('span', { role: 'alert', class: 'status-error' }, job.error)) : [],
    fact('Time zone', job.timeZone ?? '–'),
    fact('Source', job.source, job.source === 'file' ? h('span', { class: 'badge' }, 'file') : null),
    fact('State', h('span', { class: `state-${job.state}`, id: 'job-state' }, job.state)),
    fact('Next run', paused ? '–' : `${relative(job.nextRunAt)} (${localTime(job.nextRunAt)})`),
    fact('Last outcome', last ? h('span', { class: `outcome status-${last.status}` }, `${last.status}, ${relative(last.at)}`) : 'none yet'),
    fact('Runs', `${job.counts.runs} (${job.counts.failures} failed, ${job.counts.missed} missed, ${job.counts.skipped} skipped)`),
    fact('Queue', job.queue));
  const focused = document.activeElement?.getAttribute?.('data-key');
  const box = document.getElementById('job-actions');
  fill(box,
    h('button', { type: 'button', 'data-key': 'run', onclick: () => actions.runNow(job) }, 'Run now'),
    paused
      ? h('button', { type: 'button', 'data-key': 'resume', onclick: () => actions.resume(job) }, 'Resume')
      : h('button', { type: 'button', 'data-key': 'pause', onclick: () => actions.pause(job) }, 'Pause'),
    h('button', { type: 'button', class: 'danger', 'data-key': 'delete', disabled: !paused, title: paused ? undefined : 'Pause the job first', onclick: () => actions.remove(job) }, 'Delete'));
  if (focused) box.querySelector(`[data-key="${focused}"]`)?.focus();
  fill(document.getElementById('durations'), durationsChart(job.history));
  fill(document.getElementById('next-runs'), job.nextRuns.length === 0 ? h('li', { class: 'muted' }, paused ? 'paused' : 'none') : job.nextRuns.map((iso) => h('li', { title: iso }, `${localTime(iso)} (${relative(iso)})`)));
  // An open stack trace stays open across refreshes.
  const body = document.getElementById('history-body');
  const open = [...body.querySelectorAll('details[open]')].map((d) => d.closest('tr').dataset.run);
  fill(body, historyRows(job.history));
  for (const key of open) body.querySelector(`tr[data-run="${CSS.escape(key)}"] details`)?.setAttribute('open', '');
}
