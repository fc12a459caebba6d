// Finds processes a test run left behind: descendants of `ancestor` (still attached) and any
// process whose command line names this project's test files or worker/host entries (an
// orphan re-parented to pid 1 after its parent died). Used by scripts/test.mjs after the runs.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** `[{ pid, ppid, args }]` of every process, or `null` where `ps` is unavailable. */
export function processTable() {
  try {
    const text = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    return text.split('\n').flatMap((line) => {
      const match = /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line);
      return match ? [{ pid: Number(match[1]), ppid: Number(match[2]), args: match[3] }] : [];
    });
  } catch {
    return null;
  }
}

/** The processes of `table` left by a test run of the project at `root`, under `ancestor`. */
export function leftovers(table, root, ancestor = process.pid) {
  const marks = [join(root, 'test') + '/', join(root, 'lib', 'execution') + '/', join(root, 'lib', 'variants') + '/'];
  const parent = new Map(table.map((p) => [p.pid, p.ppid]));
  const descends = (pid) => {
    for (let seen = 0, p = parent.get(pid); p !== undefined && seen < 1000; p = parent.get(p), seen++) {
      if (p === ancestor) return true;
    }
    return false;
  };
  return table.filter((p) => p.pid !== ancestor && !/^ps\s/.test(p.args) && (descends(p.pid) || marks.some((m) => p.args.includes(m))));
}
