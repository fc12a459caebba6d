// TurboGears' docs: "it is impossible to add new tasks to a ForkedScheduler after the
// scheduler has been started!" Ours takes tasks (and cancels and listings) at any time.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { silentLogger } from '../../lib/internal/logger.js';
import { ForkedScheduler } from '../../lib/variants/forked-scheduler.js';
import { ref } from '../execution/wait.js';

test('a task added to a started ForkedScheduler runs, is listed and can be cancelled', async () => {
  const scheduler = new ForkedScheduler({ logger: silentLogger, maxWorkers: 1 });
  try {
    await scheduler.start();
    const ran = new Promise<unknown>((resolve, reject) => {
      const guard = setTimeout(() => reject(new Error('no run within 10 s')), 10_000);
      scheduler.on('success', ({ value }) => {
        clearTimeout(guard);
        resolve(value);
      });
    });
    const info = await scheduler.addIntervalTask({ name: 'late-comer', interval: 60_000, processMethod: 'concurrent', action: ref('ok.ts'), args: ['after start'] });
    assert.is(info.name, 'late-comer');
    assert.is(await ran, 'hello after start');
    assert.equal((await scheduler.tasks()).map((t) => t.name), ['late-comer']);
    assert.is(await scheduler.cancel('late-comer'), true);
  } finally {
    await scheduler.stop({ timeout: 0 });
  }
});

test.run();
