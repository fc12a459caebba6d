/**
 * The `kronos` command line (commander): `run` a job file in the foreground, and manage jobs
 * over the admin API or a store. Exit codes: 0 ok, 1 failure, 2 usage, 3 not found.
 * `main` never exits the process itself; bin/kronos.js sets the exit code it returns.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { durationMs } from './job-values.js';
import * as commands from './cli-commands.js';
import type { TargetOptions } from './cli-commands.js';
import { CliFailure, EXIT, processIo } from './cli-output.js';
import type { CliIo } from './cli-output.js';
import { runCommand } from './cli-run.js';
import { LOG_LEVEL_NAMES, logLevelOf } from './cli-log.js';
import type { RunOptions } from './cli-run.js';

function integer(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min || n > max) throw new InvalidArgumentError(`expected an integer from ${min} to ${max}`);
    return n;
  };
}

function duration(value: string): number {
  try {
    return durationMs(value, 'delay');
  } catch {
    throw new InvalidArgumentError("expected a duration like '90s', '5m', '1h30m'");
  }
}

function logLevel(value: string): string {
  const level = logLevelOf(value);
  if (level === undefined) throw new InvalidArgumentError(`expected one of ${LOG_LEVEL_NAMES.join(', ')} (or warn)`);
  return level;
}

const list = (value: string): string[] => value.split(',').map((q) => q.trim()).filter((q) => q !== '');

/** `--url`, `--token-file`, `--store`, `--data-dir`, `--json`: where a management command looks. */
function target(command: Command): Command {
  return command
    .option('--url <url>', 'a running `kronos run --http` (e.g. http://127.0.0.1:7070)')
    .option('--token-file <file>', 'file holding the API token (default: KRONOS_TOKEN)')
    .option('--store <url>', 'a PostgreSQL store: postgres://user@host/db')
    .option('--data-dir <dir>', 'an embedded store directory no process holds')
    .option('--json', 'JSON output for scripts');
}

export function program(io: CliIo, exitCode: { value: number }): Command {
  const root = new Command('kronos')
    .description('Run and manage kronos-scheduler jobs')
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride()
    .showHelpAfterError('(add --help for usage)');
  root.command('run')
    .argument('<file>', 'job file (YAML or JSON)')
    .description('run the jobs of FILE in the foreground until SIGINT/SIGTERM')
    .option('--store <url>', 'PostgreSQL store: postgres://user@host/db')
    .option('--data-dir <dir>', 'embedded store (PGlite) in DIR; default: memory')
    .option('--http', 'serve the admin API and dashboard')
    .option('--port <n>', 'port for --http (0: any free port)', integer(0, 65_535), 7070)
    .option('--host <host>', 'host for --http', '127.0.0.1')
    .option('--allow-remote', 'allow a --host other than loopback')
    .option('--token-file <file>', 'file holding the API token (default: KRONOS_TOKEN, else one is generated and printed)')
    .option('--queues <a,b>', 'queues this process runs (durable stores)', list)
    .option('--no-execute', 'declare and serve the jobs but run none')
    .option('--log-level <level>', "what is logged on stderr (debug, info, warning, error, critical); wins over the file's logLevel", logLevel)
    .action(async (file: string, options: RunOptions) => {
      exitCode.value = await runCommand(file, options, io);
    });
  root.command('validate').argument('<file>').description('check a job file without running it (exit 1 with its problems)')
    .option('--json', 'JSON output for scripts')
    .action(async (file: string, options: { json?: boolean }) => {
      exitCode.value = await commands.validate(file, options, io);
    });
  target(root.command('list').description('list the jobs')).action((o: TargetOptions) => commands.list(o, io));
  target(root.command('show').argument('<name>').description("a job's details, next runs and recent runs"))
    .action((name: string, o: TargetOptions) => commands.show(name, o, io));
  target(root.command('next').argument('<name>').description("a job's next run times"))
    .addOption(new Option('-n, --count <n>', 'how many').argParser(integer(1, 100)).default(5))
    .action((name: string, o: TargetOptions & { count: number }) => commands.next(name, o.count, o, io));
  target(root.command('enable').argument('<name>').description('resume a paused job')).action((name: string, o: TargetOptions) => commands.setPaused(name, false, o, io));
  target(root.command('disable').argument('<name>').description('pause a job')).action((name: string, o: TargetOptions) => commands.setPaused(name, true, o, io));
  target(root.command('delete').argument('<name>').description('delete a job')).action((name: string, o: TargetOptions) => commands.remove(name, o, io));
  target(root.command('run-now').argument('<name>').description('run a job now, or after --delay (a manual run)'))
    .option('--delay <duration>', 'run after this long (e.g. 5m)', duration, 0)
    .option('--skip-next', 'also skip the next regular run')
    .action((name: string, o: TargetOptions & { delay: number; skipNext?: boolean }) => commands.runNow(name, { delayMs: o.delay, skipNext: o.skipNext ?? false }, o, io));
  target(root.command('orphans').description('durable schedules whose handler no live process defines'))
    .option('--delete', 'delete them')
    .action((o: TargetOptions & { delete?: boolean }) => commands.orphans(o.delete ?? false, o, io));
  root.command('migrate').description("create or upgrade the store's schema (idempotent)")
    .option('--store <url>', 'PostgreSQL store: postgres://user@host/db')
    .option('--data-dir <dir>', 'embedded store directory')
    .option('--json', 'JSON output for scripts')
    .action((o: { store?: string; dataDir?: string; json?: boolean }) => commands.migrate(o, io));
  return root;
}

/** Runs the CLI on `argv` (without node and the script); resolves with the exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const exitCode = { value: EXIT.ok as number };
  try {
    await program(io, exitCode).parseAsync([...argv], { from: 'user' });
    return exitCode.value;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are printed by commander and end with exit code 0.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof CliFailure) {
      io.err(`kronos: ${error.message}\n`);
      return error.code;
    }
    io.err(`kronos: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT.failure;
  }
}
