// A PostgreSQL server of one fault test file: it can be stopped the hard
// way (`pg_ctl stop -m immediate`) and started again on the same port and
// data, without touching the shared server the other tests use.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import {
  findServerBinaries,
  startPostgresServer,
  type PostgresServer,
} from '../../support/pg-server.js';

/** A throw-away server that a test may stop and restart. */
export interface FaultServer {
  /** Superuser URL of the `postgres` database. */
  readonly adminUrl: string;
  readonly port: number;
  /** `pg_ctl stop -m immediate`: every backend dies without a goodbye. */
  stopNow(): void;
  /** Starts the stopped server again on the same port and data. */
  restart(): void;
  /** Whether the postmaster is running, as `pg_ctl status` says. */
  isRunning(): boolean;
  /** Stops it (if running) and removes its files. */
  close(): Promise<void>;
}

/** Starts a server of its own for one test file. */
export async function startFaultServer(): Promise<FaultServer> {
  const server: PostgresServer = await startPostgresServer();
  const root = dirname(server.dataDir);
  const pgCtl = join(findServerBinaries(), 'pg_ctl');
  const ctl = (args: readonly string[]): void => {
    runAsPostgres(pgCtl, ['-D', server.dataDir, ...args]);
  };
  const isRunning = (): boolean => {
    try {
      ctl(['status']);
      return true;
    } catch {
      return false;
    }
  };

  return {
    adminUrl: server.adminUrl,
    port: server.port,
    stopNow: () => ctl(['-m', 'immediate', '-w', 'stop']),
    restart: () =>
      ctl([
        '-l',
        join(root, 'server.log'),
        '-w',
        '-t',
        '60',
        '-o',
        `-p ${server.port} -k ${root} ` +
          '-c listen_addresses=127.0.0.1 -c fsync=off',
        'start',
      ]),
    isRunning,
    close: async () => {
      // pg-server's stop removes the files even when pg_ctl finds the
      // server already stopped, and then throws; that is no failure here.
      const wasRunning = isRunning();
      try {
        await server.stop();
      } catch (error) {
        if (wasRunning) throw error;
      }
    },
  };
}

// PostgreSQL refuses to run as root, as in pg-server.ts.
function runAsPostgres(command: string, args: readonly string[]): void {
  const isRoot = process.getuid?.() === 0;
  const [head, ...rest] = isRoot
    ? ['runuser', '-u', 'postgres', '--', command, ...args]
    : [command, ...args];
  execFileSync(head as string, rest, {
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd: '/',
  });
}
