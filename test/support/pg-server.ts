// A throw-away PostgreSQL server in a temp dir on a free loopback port.
// PostgreSQL refuses to run as root, so initdb and pg_ctl run as the
// postgres user when the tests do.
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SUPERUSER_PASSWORD = 'test-superuser-pw';

export interface PostgresServer {
  readonly adminUrl: string;
  readonly port: number;
  readonly dataDir: string;
  stop(): Promise<void>;
}

export async function startPostgresServer(): Promise<PostgresServer> {
  const bin = findServerBinaries();
  const root = mkdtempSync(join(tmpdir(), 'dgm-pg-'));
  const dataDir = join(root, 'data');
  const port = await freePort();
  const asUser = asPostgresUser(root);

  // Passwords are checked over TCP, so tests of rejected credentials are
  // real; the superuser's own password is fixed and local to this server.
  const pwfile = join(root, 'pwfile');
  writeFileSync(pwfile, `${SUPERUSER_PASSWORD}\n`, { mode: 0o644 });
  run(asUser, join(bin, 'initdb'), [
    '-D', dataDir, '-U', 'postgres', '--auth-local=trust',
    '--auth-host=scram-sha-256', `--pwfile=${pwfile}`, '--no-sync',
    '-E', 'UTF8', '--locale=C',
  ]);
  run(asUser, join(bin, 'pg_ctl'), [
    '-D', dataDir, '-l', join(root, 'server.log'), '-w', '-t', '60',
    '-o', `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off`,
    'start',
  ]);

  const stop = async (): Promise<void> => {
    try {
      run(asUser, join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  };
  return {
    adminUrl: `postgres://postgres:${SUPERUSER_PASSWORD}@127.0.0.1:${port}/postgres`,
    port,
    dataDir,
    stop,
  };
}

/** The server binaries, or a message that says how to install them. */
export function findServerBinaries(): string {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base)
    ? readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'initdb')))
    : [];
  versions.sort((a, b) => Number(b) - Number(a));
  const newest = versions[0];
  if (newest === undefined) {
    throw new Error(
      'PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin; ' +
        'install them with: apt-get update && apt-get install -y postgresql',
    );
  }
  return join(base, newest, 'bin');
}

function asPostgresUser(root: string): string[] {
  if (process.getuid?.() !== 0) return [];
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  chownSync(root, uid, gid);
  chmodSync(root, 0o755);
  return ['runuser', '-u', 'postgres', '--'];
}

function run(prefix: string[], cmd: string, args: string[]): void {
  const [head, ...rest] = [...prefix, cmd, ...args];
  execFileSync(head as string, rest, { stdio: ['ignore', 'pipe', 'pipe'], cwd: '/' });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}
