// issue 10.6: the proxies were not "the same API": `scheduleTask`, `scheduleTaskAbs`, `add`,
// `getTask` and `nextRunsBetween` did not exist, and a Task subclass could not be used.
// (Their option types are checked at compile time in test/types/variants.types.ts.)
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { TaskNotFoundError } from '../../lib/errors.js';
import { silentLogger } from '../../lib/internal/logger.js';
import { ForkedScheduler } from '../../lib/variants/forked-scheduler.js';
import { ThreadedScheduler } from '../../lib/variants/threaded-scheduler.js';
import { ref } from '../execution/wait.js';
import { nextEvent, stopTracked, track } from '../variants/helpers.js';

const test = suite('the proxies have Scheduler\'s methods');
test.after.each(stopTracked);

const EVERY = { module: new URL('../fixtures/variants/backoff-task.ts', import.meta.url), export: 'EveryTask' };

for (const [label, Variant] of [['ThreadedScheduler', ThreadedScheduler], ['ForkedScheduler', ForkedScheduler]] as const) {
  test(`${label}: add, scheduleTask, scheduleTaskAbs with a Task subclass; getTask; nextRunsBetween`, async () => {
    const s = track(new Variant({ logger: silentLogger }));
    const at = Date.UTC(2030, 0, 1);
    const added = await s.add({ class: EVERY, options: { name: 'every', every: 60_000, action: ref('ok.ts'), processMethod: 'concurrent' } });
    assert.is(added.name, 'every');
    const abs = await s.scheduleTaskAbs({ class: EVERY, options: { name: 'abs', every: 1000, action: ref('ok.ts'), processMethod: 'concurrent' } }, at);
    assert.equal(abs.nextRunAt, new Date(at));
    assert.equal(await s.nextRunsBetween('abs', at, at + 2500), [new Date(at), new Date(at + 1000), new Date(at + 2000)]);
    assert.equal(await s.nextRunsBetween('abs', at, at + 2500, 2), [new Date(at), new Date(at + 1000)]);
    const ran = nextEvent(s, 'success', ({ task }) => task.name === 'soon');
    await s.scheduleTask({ class: EVERY, options: { name: 'soon', every: 3_600_000, action: ref('ok.ts'), args: ['subclass'], processMethod: 'concurrent' } }, 10);
    await s.start();
    assert.is((await ran).value, 'hello subclass');
    assert.is((await s.getTask('soon'))?.runs, 1);
    assert.is(await s.getTask('nope'), undefined);
    assert.instance(await s.nextRunsBetween('nope', 0, 1).catch((e: unknown) => e), TaskNotFoundError);
    assert.is(await s.cancel(abs), true);
    assert.equal((await s.tasks()).map((t) => t.name), ['every', 'soon']);
  });
}

test.run();
