// The dashboard: the token, the routing between the job table and a job's page
// (`#job=NAME`), the live refresh (every 2 s, `?refresh=MS` to change it, paused while the
// tab is hidden) and the actions. The shell holds no data: everything comes from the API.
import { Unauthorized, adoptFragmentToken, api, forgetToken, getToken, jobPath, setToken } from './api.js';
import { askToken, confirmAction } from './dialogs.js';
import { fill } from './dom.js';
import { upcomingChart } from './charts.js';
import { bindFilters, renderTable } from './table.js';
import { renderJobPage } from './job-page.js';

const REFRESH_MS = Math.max(250, Number(new URLSearchParams(location.search).get('refresh')) || 2000);
let timer = null;
let running = null;
/** An action's failure, kept on screen for a while although refreshes succeed meanwhile. */
let notice = null;
let noticeUntil = 0;
const NOTICE_MS = 10_000;

function banner(message) {
  const el = document.getElementById('banner');
  el.textContent = message ?? '';
  el.hidden = !message;
}

function currentJob() {
  return new URLSearchParams(location.hash.slice(1)).get('job');
}

async function loadOverview() {
  const [{ jobs }, { orphans }, upcoming] = await Promise.all([api('GET', '/api/jobs'), api('GET', '/api/orphans'), api('GET', '/api/upcoming?hours=24')]);
  const details = new Map(await Promise.all(jobs.map(async (job) => {
    try {
      return [job.name, await api('GET', `${jobPath(job.name)}?runs=30&next=0`)];
    } catch (error) {
      if (error instanceof Unauthorized) throw error;
      // A job deleted between the two calls is simply gone at the next refresh.
      return [job.name, error.status === 404 ? null : { error: error.message }];
    }
  })));
  return { jobs, orphans, upcoming, details };
}

/** Shows the table or a job's page, whichever the fragment names, once its data is in. */
function show(jobPage) {
  document.getElementById('overview').hidden = jobPage;
  document.getElementById('job-page').hidden = !jobPage;
}

async function refreshNow() {
  const name = currentJob();
  const health = await api('GET', '/api/health');
  document.getElementById('health').textContent = `${health.status} · store ${health.store} · up ${health.uptimeSeconds} s`;
  if (name === null) {
    const data = await loadOverview();
    if (currentJob() !== null) return;
    renderTable(data, actions);
    fill(document.getElementById('upcoming'), upcomingChart(data.upcoming));
    show(false);
  } else {
    let answer;
    try {
      answer = await api('GET', `${jobPath(name)}?runs=100&next=5`);
    } catch (error) {
      if (error.status !== 404) throw error;
      banner(`No job "${name}": it may have been deleted.`);
      location.hash = '';
      return;
    }
    // The fragment changed while the answer was on its way: the next refresh shows the new one.
    if (currentJob() !== name) return;
    renderJobPage(answer.job, actions);
    show(true);
  }
  banner(Date.now() < noticeUntil ? notice : null);
  document.getElementById('refresh-state').textContent = `live · updated ${new Date().toLocaleTimeString()}`;
}

/** One refresh at a time; a 401 asks for the token again and retries. */
function refresh() {
  running ??= (async () => {
    try {
      for (;;) {
        try {
          await refreshNow();
          return;
        } catch (error) {
          if (!(error instanceof Unauthorized)) {
            banner(`Refresh failed: ${error.message}`);
            return;
          }
          const reason = getToken() === null ? 'Enter the admin token to open the dashboard.' : 'The token was refused. Enter the admin token.';
          forgetToken();
          setToken(await askToken(reason));
        }
      }
    } finally {
      running = null;
    }
  })();
  return running;
}

function schedule() {
  clearTimeout(timer);
  timer = null;
  if (document.hidden) {
    document.getElementById('refresh-state').textContent = 'paused while the tab is hidden';
    return;
  }
  timer = setTimeout(async () => {
    await refresh();
    schedule();
  }, REFRESH_MS);
}

async function act(method, path, body) {
  try {
    await api(method, path, body);
    noticeUntil = 0;
  } catch (error) {
    if (!(error instanceof Unauthorized)) {
      notice = error.status === 403 ? 'This token may only read: actions need the full token.' : error.message;
      noticeUntil = Date.now() + NOTICE_MS;
      banner(notice);
    }
  }
  await refresh();
}

const actions = {
  async runNow(job) {
    const answer = await confirmAction({ title: `Run ${job.name} now?`, text: 'The run is recorded as a manual run; the schedule is unchanged unless you skip its next run.', action: 'Run now', offerSkip: job.state !== 'paused' && job.nextRunAt !== null });
    if (answer.ok) await act('POST', `${jobPath(job.name)}/run`, answer.skipNext ? { skipNext: true } : {});
  },
  pause: (job) => act('POST', `${jobPath(job.name)}/pause`),
  resume: (job) => act('POST', `${jobPath(job.name)}/resume`),
  async remove(job) {
    const answer = await confirmAction({ title: `Delete ${job.name}?`, text: 'The job and its schedule are removed. A job from a job file comes back when the file is loaded again.', action: 'Delete', danger: true });
    if (!answer.ok) return;
    await act('DELETE', jobPath(job.name));
    if (currentJob() === job.name) location.hash = '';
  },
};

adoptFragmentToken();
bindFilters(() => refresh());
// A refresh under way when the fragment changes is followed by one for the new fragment.
window.addEventListener('hashchange', async () => {
  await running;
  await refresh();
});
document.addEventListener('visibilitychange', async () => {
  if (!document.hidden) await refresh();
  schedule();
});
refresh().then(schedule);
