/**
 * The embedded store's lock: PGlite does not lock its data directory (pglite#1106: a second
 * process opens it silently and rows are lost), so the store creates `<dataDir>.lock` with
 * O_EXCL, holding its pid. The file sits beside the directory, not inside it, so copying or
 * deleting the directory never copies or drops a lock. A lock whose pid is dead is replaced;
 * a live holder's lock is never taken.
 */
import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { StoreLockedError } from '../../errors.js';

/** Locks held by this process, removed on exit if their store was never closed. */
const held = new Set<string>();
let exitHook = false;

/** Takes the lock at `path` for this process, or throws StoreLockedError naming the holder. */
export function acquireLock(path: string): void {
  // Two rounds: the first may find a dead holder's file; the second either wins the O_EXCL
  // create or loses to a process that replaced the same stale lock at the same moment, and
  // names that process.
  for (let round = 0; round < 2; round++) {
    if (tryCreate(path)) {
      held.add(path);
      hookExit();
      return;
    }
    const holder = readHolder(path);
    if (holder === undefined) continue; // gone between our create and our read: try again
    if (holder === null ? !abandoned(path) : isAlive(holder)) throw new StoreLockedError(holder, path);
    // Dead holder: remove its file, unless it changed hands since we read it.
    if (readHolder(path) === holder) removeQuietly(path);
  }
  throw new StoreLockedError(readHolder(path) ?? null, path);
}

/** Removes the lock if it still holds this process's pid. */
export function releaseLock(path: string): void {
  held.delete(path);
  if (readHolder(path) === process.pid) removeQuietly(path);
}

function tryCreate(path: string): boolean {
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

/** A lock file still without a pid long after its creation: its creator died in between. */
function abandoned(path: string): boolean {
  try {
    return Date.now() - statSync(path).mtimeMs > 10_000;
  } catch {
    return false;
  }
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
