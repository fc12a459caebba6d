// Found by the seeded options fuzz (issue 9.17): a bad cron expression threw
// `Expected minute 0–59 in "61 * * * *", got 61` with no word of which option was wrong.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CronTask } from '../../lib/tasks/cron-task.js';

const action = () => {};

test('a bad expression names `cron` and keeps the parser detail and cause', () => {
  for (const cron of ['61 * * * *', 'nope', '* * *', '0 25 * * *']) {
    let error: unknown;
    try {
      new CronTask({ action, cron });
    } catch (e) {
      error = e;
    }
    assert.instance(error, RangeError);
    assert.match((error as Error).message, /^Invalid `cron` expression: Expected /);
    assert.match((error as Error).message, new RegExp(JSON.stringify(cron).replace(/[*]/g, '\\*')));
    assert.instance((error as Error).cause, RangeError);
  }
  assert.throws(() => new CronTask({ action, cron: 5 as never }), (e: unknown) => e instanceof TypeError && /^Expected `cron`/.test((e as Error).message));
});

test.run();
