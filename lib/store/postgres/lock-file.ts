/**
 * The embedded store's lock: PGlite does not lock its data directory (pglite#1106: a second
 * process opens it silently and rows are lost), so the store creates `<dataDir>.lock`
 * exclusively (link(2), or O_EXCL), holding its pid. The file sits beside the directory, not inside it, so copying or
 * deleting the directory never copies or drops a lock. A lock whose pid is dead is replaced;
 * a live holder's lock is never taken.
 */
import { closeSync, linkSync, openSync, readFileSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { StoreLockedError } from '../../errors.js';

/** Locks held by this process, removed on exit if their store was never closed. */
const held = new Set<string>();
let exitHook = false;

/** Takes the lock at `path` for this process, or throws StoreLockedError naming the holder. */
export function acquireLock(path: string): void {
  for (let round = 0; round < 100; round++) {
    if (tryCreate(path)) {
      held.add(path);
      hookExit();
      return;
    }
    const holder = readHolder(path);
    if (holder === undefined) continue; // removed since our create failed: try again
    // No pid (an O_EXCL creator between create and write, or not our file): never ours to take.
    if (holder === null || isAlive(holder)) throw new StoreLockedError(holder, path);
    // A dead holder's lock. Only a process holding the `.replacing` guard may remove it, and
    // only while it still names that dead pid: two processes replacing the same stale lock
    // can then never remove each other's fresh one. Whoever wins the O_EXCL create next holds
    // the lock; the others find it alive on their next round and name it.
    if (!underGuard(`${path}.replacing`, () => {
      if (readHolder(path) === holder) removeQuietly(path);
    })) pause(5);
  }
  throw new StoreLockedError(readHolder(path) ?? null, path);
}

/** Removes the lock if it still holds this process's pid. */
export function releaseLock(path: string): void {
  held.delete(path);
  if (readHolder(path) === process.pid) removeQuietly(path);
}

/**
 * Creates `path` holding our pid, failing if it exists. The pid is written to a private file
 * first and hard-linked into place (link(2) fails on an existing name, like O_EXCL), so a
 * reader never sees the lock without its pid; where links are not supported, O_EXCL create
 * then write.
 */
function tryCreate(path: string): boolean {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${process.pid}\n`);
  try {
    linkSync(temp, path);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw error;
  } finally {
    removeQuietly(temp);
  }
  return createExclusive(path);
}

function createExclusive(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, `${process.pid}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

/** The holder's pid; null while the holder has not written it yet; undefined when no file. */
function readHolder(path: string): number | null | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const pid = Number.parseInt(text.trim(), 10);
  return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
}

/** Signal 0 checks existence: EPERM means it exists but belongs to someone else. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Runs `fn` holding the guard file; false (without running it) when another process holds it. */
function underGuard(guard: string, fn: () => void): boolean {
  if (!tryCreate(guard)) {
    // A guard whose holder died inside this (microseconds long) section would block for good.
    const holder = readHolder(guard);
    if (typeof holder === 'number' && !isAlive(holder) && readHolder(guard) === holder) removeQuietly(guard);
    return false;
  }
  try {
    fn();
  } finally {
    removeQuietly(guard);
  }
  return true;
}

/** A synchronous sleep (opening a store is synchronous, and contention here is rare and brief). */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

function hookExit(): void {
  if (exitHook) return;
  exitHook = true;
  process.on('exit', () => {
    for (const path of held) {
      try {
        if (readHolder(path) === process.pid) unlinkSync(path);
      } catch {
        // Exiting anyway: a lock left behind names a dead pid and is replaced on next open.
      }
    }
  });
}
