/**
 * The store contract: one suite every Store must pass (MemoryStore, PGlite, a PostgreSQL
 * server). Not a test file by itself: a `*.test.ts` calls `storeContract(label, open)`.
 *
 * `open()` must give a fresh, empty, migrated store for each test, and `clock` when the test
 * may set the store's clock (MemoryStore on a ManualClock); with a database's clock, pass
 * none: tests then write slots relative to `await store.now()` and wait (bounded polls of a
 * few ms, 2 s at most) only where a lease must run out or a notification arrive.
 *
 * What a SQL store must meet beyond the interface's types: instants are whole epoch ms;
 * ids are strings, counting up in insertion order (runs of one slot sort by id); `kw` absent
 * (not null) when not declared; TaskNotFoundError from requestRun on an unknown name.
 */
import { claimContract } from './contract-claims.js';
import { manualContract } from './contract-manual.js';
import type { Open } from './contract-helpers.js';
import { peerContract } from './contract-peers.js';
import { runContract } from './contract-runs.js';
import { scheduleContract } from './contract-schedules.js';

export type { OpenedStore, Open, SettableClock } from './contract-helpers.js';

export function storeContract(label: string, open: Open): void {
  scheduleContract(label, open);
  claimContract(label, open);
  manualContract(label, open);
  runContract(label, open);
  peerContract(label, open);
}
