// W2 churn: 10k live interval tasks, then 100k random operations (seed 42), each a cancel of
// a random live task or a schedule of a new one. ops/s and heap retained per cancelled task.
import { load } from '../lib/adapters.mjs';
import { hr, memory, rng, round, runChild, timeLeft } from '../lib/common.mjs';

runChild('w2', async (lib, { live, ops }, out) => {
  const a = await load(lib);
  a.start();
  const random = rng(42);
  const noop = () => {};
  const t0 = Date.now() + 5_000;
  const slots = new Array(live);
  const add = async () => {
    const h = a.interval(60_000, t0 + Math.floor(random() * 55_000), noop);
    return h instanceof Promise ? await h : h;
  };
  const sync = !a.caps.worker;
  for (let i = 0; i < live; i++) slots[i] = await add();
  const base = memory();
  // Ops alternate per slot: a slot holding a task is cancelled, an empty one is filled.
  let done = 0;
  let cancelled = 0;
  const start = hr();
  for (; done < ops; done++) {
    const i = Math.floor(random() * live);
    if (slots[i] !== undefined) {
      const r = a.cancel(slots[i]);
      if (!sync && r instanceof Promise) await r;
      slots[i] = undefined;
      cancelled++;
    } else {
      const h = a.interval(60_000, t0 + Math.floor(random() * 55_000), noop);
      slots[i] = sync ? h : await h;
    }
    if ((done & 1023) === 0 && timeLeft() < 5000) break;
  }
  const ms = hr() - start;
  out.ops = done;
  out.complete = done === ops;
  out.opsPerSec = Math.round((done / ms) * 1000);
  // Refill to the same live count so the heap comparison holds the same number of tasks.
  for (let i = 0; i < live; i++) if (slots[i] === undefined) slots[i] = await add();
  const after = memory();
  out.cancelled = cancelled;
  out.heapRetainedPerCancel = round((after.heap - base.heap) / Math.max(1, cancelled), 2);
  await a.stop();
});
