/**
 * A throwaway PostgreSQL cluster, shared by the tests (through test/helpers/postgres.ts), the
 * benchmarks and the examples: `initdb` into a temp dir, `pg_ctl start` on a free port bound to
 * 127.0.0.1, `pg_ctl stop -m immediate` at the end (and on process exit, so a failed run leaves
 * no server behind). initdb refuses to run as root, so as root both run as the `postgres` user
 * through `runuser`. The server runs with `fsync=off`: it is thrown away, and durability of
 * the disk is not what the tests or the benchmarks measure.
 *
 * The binaries come from PATH or the highest /usr/lib/postgresql/<v>/bin (where Debian puts
 * them; `.ci/run` installs the package). Without them `startPostgres()` throws, and the test
 * suites fail unless KRONOS_SKIP_PG=1.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/**
 * @typedef {object} TestPostgres
 * @property {string} url
 * @property {number} port
 * @property {string} dataDir
 * @property {() => Promise<void>} restart `pg_ctl restart`: every connection is cut, the server is back when it resolves.
 * @property {() => Promise<void>} stop
 * @property {(filter?: string) => Promise<number>} terminateBackends Terminates every other backend whose `application_name`/`query` matches (default: all client backends). Returns how many.
 * @property {number} startMs Milliseconds initdb + start took.
 */

export const skipPostgres = process.env.KRONOS_SKIP_PG === '1';

/** @returns {string | null} The directory holding initdb and pg_ctl, or null. */
export function findPostgresBin() {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) return dir;
  }
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const versions = readdirSync(base).filter((v) => /^\d+(\.\d+)?$/.test(v)).sort((a, b) => Number(b) - Number(a));
  for (const v of versions) if (existsSync(join(base, v, 'bin', 'initdb'))) return join(base, v, 'bin');
  return null;
}

/** @returns {Promise<number>} */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** @type {Set<() => void>} */
const running = new Set();
let exitHooked = false;

/** @returns {Promise<TestPostgres>} */
export async function startPostgres() {
  const bin = findPostgresBin();
  if (!bin) {
    throw new Error('PostgreSQL server binaries (initdb, pg_ctl) not found on PATH or in /usr/lib/postgresql/*/bin: '
      + 'install them (`apt-get install postgresql`, as .ci/run does) or set KRONOS_SKIP_PG=1 to skip these suites');
  }
  const began = Date.now();
  const root = mkdtempSync(join(tmpdir(), 'kronos-pg-'));
  const dataDir = join(root, 'data');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(root, uid, gid);
    chmodSync(root, 0o700);
  }
  /** @param {string} tool @param {string[]} args */
  const run = (tool, args) => {
    const [command, full] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]] : [join(bin, tool), args];
    execFileSync(command, full, { stdio: ['ignore', 'pipe', 'pipe'], cwd: root, timeout: 60_000 });
  };
  run('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C']);
  const port = await freePort();
  const serverOptions = `-c listen_addresses=127.0.0.1 -p ${port} -c fsync=off -c max_connections=200 -c unix_socket_directories=${root}`;
  const start = () => run('pg_ctl', ['start', '-D', dataDir, '-w', '-t', '60', '-l', join(root, 'server.log'), '-o', serverOptions]);
  start();
  let stopped = false;
  const stopNow = () => {
    if (stopped) return;
    stopped = true;
    running.delete(stopNow);
    try {
      run('pg_ctl', ['stop', '-D', dataDir, '-m', 'immediate', '-w']);
    } catch {
      // Already down: nothing to stop.
    }
    rmSync(root, { recursive: true, force: true });
  };
  running.add(stopNow);
  if (!exitHooked) {
    exitHooked = true;
    process.on('exit', () => {
      for (const stop of [...running]) stop();
    });
  }
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  /**
   * @template T
   * @param {(client: import('pg').Client) => Promise<T>} fn
   * @returns {Promise<T>}
   */
  const admin = (fn) => withClient(url, fn);
  return {
    url,
    port,
    dataDir,
    startMs: Date.now() - began,
    async restart() {
      run('pg_ctl', ['restart', '-D', dataDir, '-m', 'fast', '-w', '-t', '60', '-l', join(root, 'server.log'), '-o', serverOptions]);
    },
    async stop() {
      stopNow();
    },
    /** @param {string} [filter] */
    terminateBackends(filter) {
      return admin(async (client) => {
        const { rows } = await client.query(
          `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
           WHERE pid <> pg_backend_pid() AND backend_type = 'client backend'
             AND ($1::text IS NULL OR application_name LIKE $1 OR query LIKE $1)`, [filter ?? null]);
        return Number(rows[0]?.n ?? 0);
      });
    },
  };
}

/**
 * One short-lived admin connection to `url` (errors of a terminated backend are swallowed:
 * the call that used it fails instead).
 * @template T
 * @param {string} url
 * @param {(client: import('pg').Client) => Promise<T>} fn
 * @returns {Promise<T>}
 */
export async function withClient(url, fn) {
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: url, application_name: 'kronos-test-admin' });
  client.on('error', () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
