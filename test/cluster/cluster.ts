/**
 * Scheduler processes for the cluster tests: children running fixtures/worker.ts on one
 * PostgreSQL schema, each in its own process group (faketime forks, so the group is what a
 * SIGKILL must reach), killed at will and all killed at the end whatever happened.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withClient } from '../../scripts/lib/postgres-cluster.mjs';

const WORKER = fileURLToPath(new URL('./fixtures/worker.ts', import.meta.url));

export interface ClusterOptions {
  url: string;
  schema: string;
  schedules: number;
  leaseMs: number;
  pollMs?: number;
  /** The schedules' misfireGraceTime, ms (default: theirs, 1 s). */
  graceMs?: number;
  /** The schedules' maxInstances (default: theirs, 1). */
  maxInstances?: number;
}

export interface Member {
  readonly slot: number;
  /** The pid of the group leader (faketime's when the clock is ahead). */
  readonly child: ChildProcess;
  /** The scheduler's own pid (as its instance row has it), once ready. */
  pid: number | null;
  readonly ahead: boolean;
  stderr: string;
  /** Set when the process exited without being told to (a crash). */
  crashed: { code: number | null; signal: NodeJS.Signals | null } | null;
  exited: Promise<void>;
  /** Set by kill() and stop(): its exit is expected. */
  ending: boolean;
  /** Wall-clock times of its start, ready and end (for diagnostics). */
  times: { spawned: number; ready?: number; killed?: number };
}

export class Cluster {
  readonly members: Array<Member | null> = [];
  /** Every process started, including the dead. */
  readonly started: Member[] = [];
  kills = 0;

  constructor(readonly options: ClusterOptions) {}

  /** Starts the process for seat `slot` (its clock 10 minutes ahead with `ahead`); resolves once it said ready. */
  spawn(slot: number, ahead = false): Promise<Member> {
    const { url, schema, schedules, leaseMs, pollMs = 1000 } = this.options;
    const node = [process.execPath, '--import', 'tsx', WORKER];
    const [command, ...args] = ahead ? ['faketime', '-f', '+10m', ...node] : node;
    const child = spawn(command!, args, {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env, KRONOS_URL: url, KRONOS_SCHEMA: schema, KRONOS_SCHEDULES: String(schedules),
        KRONOS_LEASE_MS: String(leaseMs), KRONOS_POLL_MS: String(pollMs), KRONOS_GRACE_MS: this.options.graceMs === undefined ? '' : String(this.options.graceMs),
        KRONOS_MAX_INSTANCES: this.options.maxInstances === undefined ? '' : String(this.options.maxInstances),
        // Node's timers run on the monotonic clock: only the wall clock is to be ahead.
        FAKETIME_DONT_FAKE_MONOTONIC: '1', NODE_V8_COVERAGE: '',
      },
    });
    const member: Member = { slot, child, pid: null, ahead, stderr: '', crashed: null, exited: Promise.resolve(), ending: false, times: { spawned: Date.now() } };
    let spawnError: Error | null = null;
    member.exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        if (!member.ending) member.crashed = { code, signal };
        if (ahead && child.pid !== undefined) removeFaketimeLeftovers(child.pid);
        resolve();
      });
      // Not started at all (e.g. ENOENT): no 'exit' follows.
      child.on('error', (error) => {
        spawnError = new Error(`${command} could not be started: ${error.message}`
          + (ahead ? '; the clock-ahead process needs faketime (apt-get install -y faketime, as .ci/run does)' : ''));
        resolve();
      });
    });
    child.stderr!.on('data', (chunk: Buffer) => (member.stderr += chunk.toString()));
    this.members[slot] = member;
    this.started.push(member);
    return new Promise((resolve, reject) => {
      let out = '';
      const onData = (chunk: Buffer): void => {
        out += chunk.toString();
        const match = /ready (\d+)/.exec(out);
        if (match) {
          member.pid = Number(match[1]);
          member.times.ready = Date.now();
          child.stdout!.off('data', onData);
          child.stdout!.resume();
          resolve(member);
        }
      };
      child.stdout!.on('data', onData);
      void member.exited.then(() => reject(spawnError ?? new Error(`worker ${slot} exited before it was ready: ${member.stderr}`)));
    });
  }

  /** The processes that said ready and were not killed since. */
  alive(): Member[] {
    return this.members.filter((m): m is Member => m !== null && m.pid !== null);
  }

  /** The instance rows' ids by scheduler pid, gathered while the cluster runs (a killed process's row stays). */
  async instances(): Promise<Map<string, number>> {
    const { url, schema } = this.options;
    return withClient(url, async (c) => {
      const { rows } = await c.query<{ id: string; pid: number }>(`SELECT id, pid FROM ${schema}.instances`);
      return new Map(rows.map((row) => [row.id, Number(row.pid)]));
    });
  }

  /** SIGKILLs the seat's whole process group: no stop(), no goodbye, as a crash. */
  async kill(slot: number): Promise<void> {
    const member = this.members[slot];
    if (!member) return;
    this.members[slot] = null;
    member.ending = true;
    member.times.killed = Date.now();
    this.kills++;
    signalGroup(member, 'SIGKILL');
    await member.exited;
  }

  /** SIGTERM to every live process (a clean stop()), then SIGKILL for any not gone within `graceMs`. */
  async stopAll(graceMs = 5000): Promise<void> {
    const live = this.members.filter((m): m is Member => m !== null);
    for (const member of live) {
      member.ending = true;
      // Only the scheduler: faketime passes the signal on and exits with its child.
      signalScheduler(member, 'SIGTERM');
    }
    const timer = new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref());
    await Promise.race([Promise.all(live.map((m) => m.exited)), timer]);
    this.killAll();
    await Promise.all(live.map((m) => m.exited));
    this.members.fill(null);
  }

  /** Kills every process started that has not exited, at once (the finally of every test). */
  killAll(): void {
    for (const member of this.started) {
      if (member.child.exitCode !== null || member.child.signalCode !== null) continue;
      member.ending = true;
      signalGroup(member, 'SIGKILL');
    }
  }
}

/**
 * The faketime wrapper keeps a semaphore and a shared-memory segment named after its pid in
 * /dev/shm and removes them when it exits, but not when SIGKILLed with its group (a crash
 * here). A later wrapper that gets the same pid then fails with "sem_open: File exists".
 */
export function removeFaketimeLeftovers(pid: number): void {
  for (const name of [`sem.faketime_sem_${pid}`, `faketime_shm_${pid}`]) rmSync(join('/dev/shm', name), { force: true });
}

function signalGroup(member: Member, signal: NodeJS.Signals): void {
  try {
    process.kill(-member.child.pid!, signal);
  } catch {
    // Already gone.
  }
}

function signalScheduler(member: Member, signal: NodeJS.Signals): void {
  try {
    process.kill(member.pid ?? member.child.pid!, signal);
  } catch {
    // Already gone.
  }
}

export { withClient };

export async function dbNow(url: string): Promise<number> {
  return withClient(url, async (c) => (await c.query<{ now: Date }>('SELECT now() AS now')).rows[0]!.now.getTime());
}

/** The longest event-loop stall any process reported (`lag <ms>` lines), ms. */
export function maxLag(members: Member[]): number {
  let max = 0;
  for (const m of members) for (const match of m.stderr.matchAll(/^lag (\d+)$/gm)) max = Math.max(max, Number(match[1]));
  return max;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
