// No Docker engine runs here, so the Dockerfile is checked as text and
// its entry point is run the way the image runs it: the same command, as
// a non-root user, with the state file in a volume-like folder.
import { spawn, spawnSync } from 'node:child_process';
import {
  chownSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MONITOR_BIN, REPO_ROOT } from '../support/cli.js';

interface Instruction {
  readonly keyword: string;
  readonly args: string;
}

const instructions = parseDockerfile(
  readFileSync(join(REPO_ROOT, 'Dockerfile'), 'utf8'),
);
const stages = splitStages(instructions);
const runtime = stages[stages.length - 1] ?? [];

describe('Dockerfile', () => {
  it('builds in one stage and runs from a slim Node 20 image in another', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) {
      expect(stage[0]?.args).toMatch(/^node:20[-\w.]*( AS \w+)?$/i);
    }
    expect(stages[stages.length - 1]?.[0]?.args).toMatch(/slim/);
  });

  it('copies only files that exist in the repository', () => {
    const build = stages[0] ?? [];
    const sources = build
      .filter((i) => i.keyword === 'COPY' && !i.args.startsWith('--from'))
      .flatMap((i) => i.args.split(/\s+/).slice(0, -1));
    for (const source of sources) {
      expect(existsSync(join(REPO_ROOT, source)), source).toBe(true);
    }
  });

  it('runs the daemon as a non-root user with the state on a volume and a health check', () => {
    const user = runtime.filter((i) => i.keyword === 'USER').pop();
    expect(user?.args).toBeDefined();
    expect(user?.args).not.toMatch(/^(root|0)$/);
    expect(find(runtime, 'VOLUME')).toContain('/data');
    expect(find(runtime, 'HEALTHCHECK')).toContain('healthcheck');
    expect(find(runtime, 'ENTRYPOINT')).toBe('["node", "dist/src/cli/bin.js"]');
    expect(find(runtime, 'CMD')).toBe('["start"]');
  });

  it('starts the daemon with the image entry point as a non-root user and answers its health check', async () => {
    const home = mkdtempSync(join(tmpdir(), 'dgm-image-'));
    const config = writeImageConfig(home);
    // The image's USER: as root here, drop to nobody like the image does.
    const isRoot = process.getuid?.() === 0;
    const user = isRoot
      ? { uid: uidOf('nobody'), gid: uidOf('nobody', 'g') }
      : {};
    if (isRoot) chownSync(home, user.uid ?? 0, user.gid ?? 0);

    const daemon = spawn(process.execPath, [MONITOR_BIN, 'start'], {
      ...user,
      env: { PATH: process.env.PATH ?? '', MONITOR_CONFIG: config },
    });
    let stderr = '';
    daemon.stderr.on('data', (c: Buffer) => (stderr += c.toString()));

    try {
      const health = await waitForHealth(config);
      expect(health.status, stderr).toBe(0);
      expect(health.stdout).toContain('lastSyncStatus');
      expect(existsSync(join(home, 'data', 'monitor.db'))).toBe(true);
    } finally {
      daemon.kill('SIGTERM');
      const code = await new Promise((r) => daemon.once('close', r));
      expect(code).toBe(0);
    }
  });
});

function parseDockerfile(text: string): Instruction[] {
  const joined = text.replace(/\\\n/g, ' ');
  return joined
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [keyword = '', ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    });
}

function splitStages(list: readonly Instruction[]): Instruction[][] {
  const out: Instruction[][] = [];
  for (const instruction of list) {
    if (instruction.keyword === 'FROM') out.push([]);
    out[out.length - 1]?.push(instruction);
  }
  return out;
}

function find(list: readonly Instruction[], keyword: string): string {
  return list.filter((i) => i.keyword === keyword).pop()?.args ?? '';
}

function writeImageConfig(home: string): string {
  const path = join(home, 'config.yaml');
  const port = 20000 + (process.pid % 20000);
  writeFileSync(
    path,
    [
      `graph: ${join(REPO_ROOT, 'examples', 'data-graph.hcl')}`,
      `consumers: ${join(REPO_ROOT, 'examples', 'consumers.yaml')}`,
      'warehouse:',
      '  type: duckdb',
      `  path: ${join(home, 'data', 'missing.duckdb')}`,
      '  database: production',
      'state: ./data/monitor.db',
      'server:',
      `  listen: 127.0.0.1:${port}`,
      '',
    ].join('\n'),
  );
  return path;
}

async function waitForHealth(
  config: string,
): Promise<{ status: number | null; stdout: string }> {
  let last = { status: null as number | null, stdout: '' };
  for (let i = 0; i < 60; i++) {
    const run = spawnSync(process.execPath, [MONITOR_BIN, 'healthcheck'], {
      env: { PATH: process.env.PATH ?? '', MONITOR_CONFIG: config },
      encoding: 'utf8',
    });
    last = { status: run.status, stdout: run.stdout };
    if (run.status === 0 && run.stdout.includes('lastSyncStatus":"')) {
      return last;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return last;
}

function uidOf(user: string, kind: 'u' | 'g' = 'u'): number {
  return Number(
    spawnSync('id', [`-${kind}`, user], { encoding: 'utf8' }).stdout,
  );
}
