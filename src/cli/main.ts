/** The `monitor` binary: the command table and the one error boundary. */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { isStateFileError, MonitorError } from '../model/errors.js';
import { EXIT_FAILURE, EXIT_INVALID, ExitRequest } from './exit-codes.js';

/** Options every command takes. */
export interface CommonOptions {
  readonly config?: string;
}

const VERSION = readVersion();

/** Runs one command line and resolves to its exit code. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = buildProgram();

  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return 0;
  } catch (error) {
    return exitCodeFor(error);
  }
}

function buildProgram(): Command {
  const program = new Command('monitor')
    .description('Watch a Data Graph for warehouse changes that break it')
    .version(VERSION, '-V, --version')
    .exitOverride()
    .showHelpAfterError(false)
    .configureOutput({
      writeErr: (text) => process.stderr.write(text),
      outputError: (text, write) => write(`monitor: ${lowerFirst(text)}`),
    });

  for (const define of COMMANDS) define(program);
  return program;
}

type Define = (program: Command) => void;

const failOn = (): Option =>
  new Option(
    '--fail-on <severity>',
    'exit 3 on open findings of this severity',
  ).choices(['definite', 'potential']);

const COMMANDS: Define[] = [
  (p) =>
    p
      .command('start')
      .description('run the daemon: schedule, HTTP server, alerts, reload')
      .option('--config <path>', 'config file')
      .action(async (opts: CommonOptions) => {
        const { runStart } = await import('./start.js');
        await finish(runStart(opts));
      }),
  (p) =>
    p
      .command('sync-now')
      .description('read the warehouse now and report')
      .option('--config <path>', 'config file')
      .option('--json', 'print one JSON document')
      .option('--no-notify', 'write feed entries only; no Slack or email')
      .addOption(failOn())
      .action(async (opts) => {
        const { runSyncNow } = await import('./sync-now.js');
        await finish(runSyncNow(opts));
      }),
  (p) =>
    p
      .command('validate')
      .description('check the config, graph and consumers')
      .option('--config <path>', 'config file')
      .option('--check-warehouse', 'also check every used object is visible')
      .action(async (opts) => {
        const { runValidate } = await import('./validate.js');
        await finish(runValidate(opts));
      }),
  (p) =>
    p
      .command('status')
      .description('last syncs, open findings and the outbox backlog')
      .option('--config <path>', 'config file')
      .option('--json', 'print one JSON document')
      .action(async (opts) => {
        const { runStatus } = await import('./status.js');
        await finish(runStatus(opts));
      }),
  (p) =>
    p
      .command('diff')
      .description('classify an edit of the graph')
      .argument('[old]', 'old graph file, or - for stdin')
      .argument('[new]', 'new graph file, or - for stdin')
      .option('--config <path>', 'config file')
      .option('--git <rev>', 'compare with the graph file at a git revision')
      .option('--json', 'print one JSON document')
      .option('--check-warehouse', 'check new tables and columns exist')
      .addOption(failOn())
      .addOption(
        new Option('--format <format>', 'output format').choices([
          'text',
          'json',
          'github',
        ]),
      )
      .action(async (oldPath, newPath, opts) => {
        const { runDiff } = await import('./diff.js');
        await finish(runDiff(oldPath, newPath, opts));
      }),
  (p) =>
    p
      .command('consumers')
      .description('each consumer, what it depends on, what affects it')
      .option('--config <path>', 'config file')
      .option('--json', 'print one JSON document')
      .action(async (opts) => {
        const { runConsumers } = await import('./consumers.js');
        await finish(runConsumers(opts));
      }),
  (p) =>
    p
      .command('healthcheck', { hidden: true })
      .description("probe the running daemon's /healthz (for containers)")
      .option('--config <path>', 'config file')
      .action(async (opts: CommonOptions) => {
        const { runHealthcheck } = await import('./healthcheck.js');
        await finish(runHealthcheck(opts));
      }),
];

async function finish(run: Promise<number>): Promise<void> {
  const code = await run;
  if (code !== 0) throw new ExitRequest(code);
}

function exitCodeFor(error: unknown): number {
  if (error instanceof ExitRequest) return error.code;

  if (error instanceof CommanderError) {
    // Help and version are exits with code 0; usage errors are input.
    return error.exitCode === 0 ? 0 : EXIT_INVALID;
  }

  if (error instanceof MonitorError) {
    process.stderr.write(`monitor: ${error.message}\n`);
    return error.exitCode;
  }

  // The state file failing under us (disk full, I/O error) is the
  // machine's problem, not a bug: say so in one line.
  if (isStateFileError(error)) {
    const text = error instanceof Error ? error.message : String(error);
    process.stderr.write(
      `monitor: state file: ${text} (check the disk has space and the ` +
        'state folder is writable)\n',
    );
    return EXIT_FAILURE;
  }

  const stack = error instanceof Error ? error.stack : String(error);
  process.stderr.write(
    `monitor: this is a bug (datagraph-monitor ${VERSION}); ` +
      `please report it with this output:\n${stack}\n`,
  );
  return EXIT_FAILURE;
}

function lowerFirst(text: string): string {
  return text.replace(/^error: /, '');
}

function readVersion(): string {
  const url = new URL('../../../package.json', import.meta.url);
  const pkg = JSON.parse(readFileSync(url, 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}
