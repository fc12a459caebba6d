/**
 * The dashboard in Chromium over a durable store (the durable engine over a MemoryStore,
 * ManualClock): a job's raw schedule is its whole definition as declared, in the table and on
 * its page, and a stored row this version cannot read is shown as broken, with the page intact.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { serve } from '../../lib/admin/http.js';
import type { AdminServer } from '../../lib/admin/http.js';
import type { ScheduleType } from '../../lib/store/store.js';
import { SKIP_BROWSER, browser, closeBrowser } from './dashboard-browser.js';
import { TOKEN, WAIT } from './dashboard-session.js';
import { T0, node, stopNodes, world } from '../scheduler/durable/helpers.js';

const test = suite('dashboard in Chromium: definitions and unreadable rows');
let server: AdminServer | null = null;

test.after(async () => {
  await server?.close();
  await closeBrowser();
  await stopNodes();
});

const CAPPED = 'interval · interval: 90000 · maxRuns: 3 · catchUp: all · maxInstances: 2 · action: noop · args: ["eu"] · kw: {"depth":2} · queue: reports';
const BROKEN = 'The stored schedule cannot be read: its type "lunar" is not one this version knows (interval, weekday, monthday, single, cron)';

if (SKIP_BROWSER) {
  test.skip('KRONOS_SKIP_BROWSER=1: the dashboard was not tested in a browser', () => {});
} else {
  test('the raw schedule is the definition (interval, maxRuns, ...); an unreadable row is a broken job, not a broken page', async () => {
    const { clock, store } = world();
    const a = node(store, clock);
    a.scheduler.define('noop', () => {});
    await a.scheduler.addIntervalTask({ name: 'capped', action: 'noop', interval: 90_000, maxRuns: 3, catchUp: 'all', maxInstances: 2, args: ['eu'], kw: { depth: 2 }, queue: 'reports' });
    await a.scheduler.addIntervalTask({ name: 'tick', action: 'noop', interval: 60_000 });
    // As another version (or a hand edit) may leave one behind.
    await store.upsertSchedule({ name: 'broken', type: 'lunar' as ScheduleType, action: 'noop', args: [], options: { phase: 'full' }, queue: 'default', source: 'api' }, T0 + 60_000);
    server = await serve(a.scheduler, { token: TOKEN });
    const context = await (await browser()).newContext({ viewport: { width: 1280, height: 760 } });
    try {
      const p = await context.newPage();
      const errors: string[] = [];
      p.on('pageerror', (error) => errors.push(error.message));
      await p.goto(`${server.url}/#token=${TOKEN}`);
      await p.locator('tr[data-problem="broken"]').waitFor(WAIT);
      assert.equal(await p.locator('#jobs-body tr[data-job]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-job'))), ['broken', 'capped', 'tick']);
      assert.is(await p.locator('tr[data-problem="broken"]').textContent(), `broken: ${BROKEN}`);
      assert.is(await p.locator('tr.error-row').count(), 1);
      assert.is(await p.locator('[data-definition="capped"]').textContent(), CAPPED);
      assert.is(await p.locator('[data-definition="tick"]').textContent(), 'interval · interval: 60000 · action: noop · queue: default');
      assert.is(await p.locator('[data-definition="broken"]').textContent(), 'lunar · phase: full · action: noop · queue: default');

      await p.getByRole('link', { name: 'capped' }).click();
      await p.locator('#job-page').waitFor({ state: 'visible', ...WAIT });
      assert.is(await p.locator('#job-definition').textContent(), CAPPED);
      assert.is(await p.locator('#job-facts [role="alert"]').count(), 0);

      await p.getByRole('link', { name: '← All jobs' }).click();
      await p.getByRole('link', { name: 'broken' }).click();
      await p.locator('#job-facts [role="alert"]').waitFor(WAIT);
      assert.is(await p.locator('#job-facts [role="alert"]').textContent(), BROKEN);
      assert.is(await p.locator('#next-runs li').textContent(), 'none');
      assert.equal(errors, []);
    } finally {
      await context.close();
    }
  });
}

test.run();
