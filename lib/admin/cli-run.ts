/**
 * `kronos run FILE`: a scheduler in the foreground over a job file, on memory, a data dir or
 * PostgreSQL, optionally with the admin API; SIGINT/SIGTERM stop it gracefully (exit 0).
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { JobFileError } from '../errors.js';
import { Scheduler } from '../scheduler/scheduler.js';
import type { Store } from '../store/store.js';
import { checkToken } from './http-auth.js';
import { serve } from './http.js';
import type { AdminServer } from './http.js';
import { JobHooks } from './job-hooks.js';
import { loadJobFile, readJobFile } from './job-file.js';
import type { JobLogLevel } from './job-file.js';
import { DEFAULT_LOG_LEVEL, cliLog, logRuns } from './cli-log.js';
import { CliFailure, EXIT } from './cli-output.js';
import type { CliIo } from './cli-output.js';
import { openStore, reaching } from './cli-store.js';
import type { StoreChoice } from './cli-store.js';

export interface RunOptions extends StoreChoice {
  http?: boolean;
  port?: number;
  host?: string;
  allowRemote?: boolean;
  tokenFile?: string;
  queues?: string[];
  execute: boolean;
  /** `--log-level`: wins over the job file's `logLevel`. */
  logLevel?: JobLogLevel;
}

/** The token from `--token-file`, else `KRONOS_TOKEN`, else undefined (one is generated). */
export async function tokenFrom(tokenFile: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  let token: string | undefined;
  let source: string;
  if (tokenFile !== undefined) {
    try {
      token = (await readFile(tokenFile, 'utf8')).trim();
    } catch (error) {
      throw new CliFailure(`Cannot read the token file ${tokenFile}: ${(error as Error).message}`);
    }
    source = `the token file ${tokenFile}`;
  } else {
    token = env.KRONOS_TOKEN;
    source = 'KRONOS_TOKEN';
  }
  if (token === undefined || token === '') return undefined;
  try {
    return checkToken(token, 'token');
  } catch (error) {
    throw new CliFailure(`The token in ${source} is not usable: ${(error as Error).message}`);
  }
}

/**
 * Resolves on the first SIGINT or SIGTERM. Later ones are ignored: `npm start` delivers each
 * Ctrl-C twice (the terminal's to the process group and npm's forwarded copy), and the stop is
 * bounded anyway by the scheduler's stop timeout (30 s).
 */
function stopSignal(io: CliIo): Promise<string> {
  return new Promise((done) => {
    let received = false;
    const onSignal = (signal: string): void => {
      if (received) return;
      received = true;
      io.err(`kronos: ${signal}: stopping (waiting up to 30 s for running jobs)\n`);
      done(signal);
    };
    process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  });
}

export async function runCommand(file: string, options: RunOptions, io: CliIo): Promise<number> {
  let jobFile;
  try {
    jobFile = await readJobFile(file);
  } catch (error) {
    if (error instanceof JobFileError) throw new CliFailure(error.message);
    throw error;
  }
  const token = options.http ? await tokenFrom(options.tokenFile) : undefined;
  const store = openStore(options);
  if (store === undefined && options.queues !== undefined) throw new CliFailure('--queues needs a durable store (--store or --data-dir): in memory every job is on the default queue', EXIT.usage);
  const stopping = stopSignal(io);
  let server: AdminServer | undefined;
  let scheduler: Scheduler<Store> | undefined;
  try {
    if (store) await reaching(options, () => store.migrate());
    const hooks = new JobHooks();
    const durable = store ? { store, execute: options.execute, ...(options.queues ? { queues: options.queues } : {}) } : {};
    const log = cliLog(options.logLevel ?? jobFile.logLevel ?? DEFAULT_LOG_LEVEL, io);
    scheduler = new Scheduler({ ...durable, around: hooks.around, logger: log.logger }) as unknown as Scheduler<Store>;
    logRuns(scheduler, log);
    const summary = await loadJobFile(scheduler, jobFile.file, store ? { hooks } : {});
    for (const job of summary.jobs) log.write('debug', `job ${job.name}: ${job.result}`);
    if (options.execute) scheduler.start();
    const where = options.store !== undefined ? 'PostgreSQL' : options.dataDir !== undefined ? `the data dir ${resolve(options.dataDir)}` : 'memory (nothing kept after exit)';
    const counts = ['created', 'updated', 'unchanged'].map((r) => `${summary.jobs.filter((j) => j.result === r).length} ${r}`).join(', ');
    io.out(`kronos: ${summary.jobs.length} jobs from ${file} (${counts}${summary.removed.length ? `; removed ${summary.removed.join(', ')}` : ''}) on ${where}${options.execute ? '' : '; not executing (--no-execute)'}\n`);
    if (options.http) {
      server = await serve(scheduler, {
        ...(options.port === undefined ? {} : { port: options.port }), ...(options.host === undefined ? {} : { host: options.host }),
        allowRemote: options.allowRemote ?? false, ...(token === undefined ? {} : { token }), allowModules: [dirname(resolve(file))],
      });
      io.out(token === undefined
        ? `kronos: dashboard ${server.url}/#token=${server.token}\nkronos: API token (shown once): ${server.token}\n`
        : `kronos: dashboard ${server.url}/ (token from ${options.tokenFile ?? 'KRONOS_TOKEN'})\n`);
    }
    io.out('kronos: running; Ctrl-C stops\n');
    await stopping;
  } finally {
    await server?.close();
    await scheduler?.stop();
    await store?.close();
  }
  io.out('kronos: stopped\n');
  return EXIT.ok;
}
