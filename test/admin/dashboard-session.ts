/**
 * The dashboard suite's session: an in-memory scheduler on the real clock with short
 * intervals (runs happen while the page is open) and two jobs from a job file, a real
 * `serve()` on port 0, and one Chromium page opened on `/#token=...`, made on first use.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { serve } from '../../lib/admin/http.js';
import type { AdminServer } from '../../lib/admin/http.js';
import { applyJobs, parseJobFile } from '../../lib/admin/job-file.js';
import { Scheduler } from '../../lib/scheduler/scheduler.js';
import { browser, closeBrowser } from './dashboard-browser.js';

export const TOKEN = 'dashboard-token-0123456789abcdef';
export const READ_TOKEN = 'dashboard-viewer-0123456789abcdef';
export const WAIT = { timeout: 8000 };
const shots = process.env.KRONOS_SCREENSHOTS === '1' ? join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'img') : null;

export interface Session {
  scheduler: Scheduler;
  server: AdminServer;
  context: BrowserContext;
  page: Page;
  /** Script errors and console errors or warnings (a CSP violation is one) of `page`. */
  pageErrors: string[];
}

const JOBS = `
jobs:
  nightly-backup:
    type: cron
    cron: '0 3 * * *'
    timeZone: UTC
    handler: backup
  office-report:
    type: weekday
    weekdays: [mon, tue, wed, thu, fri]
    timeOnDay: '08:00'
    timeZone: Europe/Berlin
    handler: report
`;

let current: Promise<Session> | null = null;
let made: Partial<Session> = {};

async function make(): Promise<Session> {
  // The browser first: without one, nothing else is started.
  const chromium = await browser();
  const scheduler = (made.scheduler = new Scheduler({ logger: { warn() {}, error() {} } }));
  let calls = 0;
  scheduler.define('beat', () => {}).define('backup', () => {}).define('report', () => {}).define('cleanup', () => {});
  // Runs of a few milliseconds, different each time, so the durations chart has something to show.
  scheduler.define('flaky', async () => {
    const call = ++calls;
    await new Promise((resolve) => setTimeout(resolve, 4 + (call % 4) * 6));
    if (call % 3 === 0) throw new Error('upstream answered 503');
  });
  scheduler.addIntervalTask({ name: 'heartbeat', action: 'beat', interval: 300 });
  scheduler.addIntervalTask({ name: 'flaky-sync', action: 'flaky', interval: 250 });
  scheduler.addIntervalTask({ name: 'cache-cleanup', action: 'cleanup', interval: 3_600_000 });
  await applyJobs(scheduler, parseJobFile(JOBS, join(dirname(fileURLToPath(import.meta.url)), 'jobs.yaml')));
  scheduler.start();
  const server = (made.server = await serve(scheduler, { token: TOKEN, readOnlyToken: READ_TOKEN }));
  const context = (made.context = await chromium.newContext({ viewport: { width: 1280, height: 760 } }));
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error' && message.type() !== 'warning') return;
    const url = message.location().url;
    // A refresh already on its way when a test deletes a job asks for that job's details and
    // gets a 404, which the page handles ("simply gone at the next refresh") but Chromium
    // logs as a failed resource. Only that one is expected; any other failed load counts.
    if (message.text().includes('404') && deletedJobUrl(scheduler, url)) return;
    pageErrors.push(`console ${message.type()}: ${message.text()}${url ? ` (${url})` : ''}`);
  });
  await page.goto(`${server.url}/?refresh=400#token=${TOKEN}`);
  await page.locator('tr[data-job="nightly-backup"]').waitFor(WAIT);
  return { scheduler, server, context, page, pageErrors };
}

/** Whether `url` is the API path of a job this scheduler no longer has. */
function deletedJobUrl(scheduler: Scheduler, url: string): boolean {
  const match = /^\/api\/jobs\/([^/]+)$/.exec(new URL(url, 'http://x').pathname);
  if (match === null) return false;
  const name = decodeURIComponent(match[1] as string);
  return !scheduler.tasks().some((task) => task.name === name);
}

/** The session, made on first call (a failure is kept: every test then reports it). */
export function session(): Promise<Session> {
  current ??= make();
  return current;
}

/** Closes whatever was made, even after a failure (call in `after`). */
export async function closeSession(): Promise<void> {
  const { context, server, scheduler } = made;
  made = {};
  current = null;
  await context?.close().catch(() => {});
  await closeBrowser();
  await server?.close();
  await scheduler?.stop({ timeout: 0 });
}

/** With KRONOS_SCREENSHOTS=1, writes docs/img/<name> (from the top of the page). */
export async function screenshot(name: string, target: Page): Promise<void> {
  if (shots === null) return;
  mkdirSync(shots, { recursive: true });
  await target.evaluate('window.scrollTo(0, 0)');
  await target.screenshot({ path: join(shots, name) });
}

/** Polls `check` until it holds (the page's own CSP forbids Playwright's string-evaluating waitForFunction). */
export async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const end = Date.now() + WAIT.timeout;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
