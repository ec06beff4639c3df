// Bad input of every kind gives one clear message naming where and what,
// exit 2 (input) or 1 (run time), no stack trace, and leaves the state
// file as it was.
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runMonitor } from '../support/cli.js';

const EXAMPLES = join(REPO_ROOT, 'examples');

interface BadInput {
  readonly name: string;
  readonly config?: (text: string) => string;
  readonly graph?: (text: string) => string;
  readonly consumers?: (text: string) => string;
  readonly env?: Record<string, string>;
  readonly code: number;
  readonly message: RegExp;
}

const CASES: BadInput[] = [
  {
    name: 'a graph with a syntax error',
    graph: (g) => g.replace('name        = "account"', 'name = "account'),
    code: 2,
    message: /data-graph\.hcl:\d+:\d+: error: /,
  },
  {
    name: 'a relationship naming an unknown entity',
    graph: (g) =>
      g.replace(
        'related_entity = "cart-entity"',
        'related_entity = "carts-entity"',
      ),
    code: 2,
    message:
      /data-graph\.hcl:\d+:\d+: error: .*carts-entity.*did you mean "cart-entity"/,
  },
  {
    name: 'a consumer using an unknown relationship',
    consumers: (c) =>
      c.replace('relationship:user-carts]', 'relationship:user-cart]'),
    code: 2,
    message:
      /consumers\.yaml.*relationship:user-cart.*did you mean "relationship:user-carts"/,
  },
  {
    name: 'malformed YAML',
    config: (c) => c.replace('warehouse:', 'warehouse: [oops'),
    code: 2,
    message: /config\.yaml:\d+:\d+/,
  },
  {
    name: 'a missing environment variable',
    config: (c) =>
      c.replace('database: production', 'database: ${DGM_MISSING_VAR}'),
    code: 2,
    message: /DGM_MISSING_VAR/,
  },
  {
    name: 'an unknown warehouse type',
    config: (c) => c.replace('type: duckdb', 'type: duckbd'),
    code: 2,
    message: /warehouse\.type.*did you mean "duckdb"/,
  },
  {
    name: 'an invalid cron expression',
    config: (c) => c.replace(/^schedule: .*$/m, 'schedule: "*/15 * * *"'),
    code: 2,
    message: /schedule/,
  },
  {
    name: 'a bad duration',
    config: (c) => c.replace(/query_timeout: \S+/, 'query_timeout: soon'),
    code: 2,
    message: /warehouse\.query_timeout.*soon/,
  },
  {
    name: 'an unreachable PostgreSQL host',
    config: (c) =>
      c
        .replace('type: duckdb', 'type: postgres')
        .replace(
          / *path: .*\n/,
          '  url: postgres://monitor:pw-secret-99@127.0.0.1:1/production\n',
        ),
    code: 1,
    message: /warehouse postgres/,
  },
];

describe('bad input through the CLI', () => {
  for (const c of CASES) {
    it(`${c.name}: one clear message and exit ${c.code}`, async () => {
      const dir = writeSetup(c);
      const state = join(dir, 'demo', 'monitor.db');
      const before = existsSync(state) ? readFileSync(state) : null;

      const run = await runMonitor(
        ['sync-now', '--json', '--config', join(dir, 'config.yaml')],
        { env: c.env ?? {} },
      );

      expect(run.code, run.stderr).toBe(c.code);
      const problems = run.stderr
        .split('\n')
        .filter((l) => l.startsWith('monitor: '));
      expect(problems.join('\n')).toMatch(c.message);
      expect(run.stderr).not.toMatch(/this is a bug|\n\s+at /);
      expect(run.stderr).not.toContain('pw-secret-99');
      if (c.code === 2) expect(run.stdout).toBe('');
      if (before !== null) expect(readFileSync(state)).toEqual(before);
    });
  }
});

function writeSetup(c: BadInput): string {
  const dir = mkdtempSync(join(tmpdir(), 'dgm-bad-'));
  cpSync(EXAMPLES, join(dir, 'examples'), { recursive: true });
  const transform = (file: string, f?: (t: string) => string): void => {
    if (f) writeFileSync(file, f(readFileSync(file, 'utf8')));
  };
  cpSync(join(REPO_ROOT, 'config.example.yaml'), join(dir, 'config.yaml'));
  transform(join(dir, 'config.yaml'), c.config);
  transform(join(dir, 'examples', 'data-graph.hcl'), c.graph);
  transform(join(dir, 'examples', 'consumers.yaml'), c.consumers);
  return dir;
}
