// `monitor diff --git REV [NEW]` in a real git repository made for the
// test: the graph file as committed against the one on disk.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMonitor, type CliRun } from '../support/cli.js';
import { casesGraph, edit, makeDiffFolder } from './support/graph-edits.js';

const folder = makeDiffFolder();
const repo = folder.dir;
const OLD = casesGraph();

/** user-subscriptions renamed: definite for aud-households. */
const RENAMED = edit(OLD, [
  'relationship "user-subscriptions"',
  'relationship "household-subscriptions"',
]);

function git(...args: string[]): string {
  return execFileSync(
    'git',
    ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args],
    { cwd: repo, encoding: 'utf8' },
  );
}

function monitorIn(cwd: string, args: readonly string[]): Promise<CliRun> {
  return runMonitor(['diff', ...args], { cwd });
}

beforeAll(() => {
  git('init', '-q');
  git('add', 'graph.hcl', 'config.yaml');
  git('commit', '-q', '-m', 'the graph as it was');
  folder.write('graph.hcl', RENAMED);
});

afterAll(() => rmSync(repo, { recursive: true, force: true }));

interface DiffJson {
  changes: { kind: string; severity: string; subject: string }[];
  summary: { definite: number; potential: number; none: number };
}

function parse(run: CliRun): DiffJson {
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as DiffJson;
}

describe('monitor diff --git', () => {
  it('compares the file on disk with its version at HEAD', async () => {
    const run = await folder.diff([
      '--git',
      'HEAD',
      'graph.hcl',
      '--json',
      '--fail-on',
      'definite',
    ]);

    expect(run.code, run.stderr).toBe(3);
    const report = parse(run);
    expect(report.summary).toEqual({ definite: 1, potential: 0, none: 1 });
    expect(report.changes[0]).toMatchObject({
      kind: 'relationship_removed',
      severity: 'definite',
      subject: 'relationship:user-subscriptions',
      affectedConsumers: [{ id: 'aud-households' }],
    });
  });

  it('uses the configured graph file when NEW is left out, from a subfolder too', async () => {
    const sub = join(repo, 'ci');
    mkdirSync(sub, { recursive: true });
    const named = await folder.diff(['--git', 'HEAD', 'graph.hcl', '--json']);

    const configured = await monitorIn(sub, [
      '--git',
      'HEAD',
      '--json',
      '--config',
      '../config.yaml',
    ]);

    expect(configured.code, configured.stderr).toBe(0);
    expect(parse(configured)).toEqual(parse(named));
  });

  it('compares with an older revision', async () => {
    const labelled = edit(OLD, ['name = "account"', 'name = "customer"']);
    folder.write('graph.hcl', labelled);
    git('commit', '-q', '-a', '-m', 'rename the account entity');
    folder.write(
      'graph.hcl',
      edit(labelled, [
        'relationship "user-subscriptions"',
        'relationship "household-subscriptions"',
      ]),
    );

    const sinceHead = parse(
      await folder.diff(['--git', 'HEAD', 'graph.hcl', '--json']),
    );
    const sinceFirst = parse(
      await folder.diff(['--git', 'HEAD~1', 'graph.hcl', '--json']),
    );

    expect(sinceHead.summary).toEqual({ definite: 1, potential: 0, none: 1 });
    expect(sinceFirst.summary).toEqual({ definite: 1, potential: 0, none: 2 });
    expect(sinceFirst.changes.map((c) => c.kind)).toContain('label_changed');
  });

  it('annotates changes at the path of the file for GitHub', async () => {
    const run = await folder.diff([
      '--git',
      'HEAD',
      'graph.hcl',
      '--format',
      'github',
    ]);

    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      /^::error file=graph\.hcl,line=\d+,title=[^:]*relationship_removed::/,
    );
  });

  // macOS puts /tmp behind /private, and CI checkouts often sit behind a
  // symlink: git reports the real top folder, the user gives the link.
  it('finds the file in git when its path goes through a symlink', async () => {
    const link = `${repo}-link`;
    symlinkSync(repo, link);

    try {
      const run = await monitorIn(link, [
        '--git',
        'HEAD',
        join(link, 'graph.hcl'),
        '--json',
        '--config',
        join(link, 'config.yaml'),
      ]);

      expect(run.code, run.stderr).toBe(0);
      expect(parse(run).summary.definite).toBe(1);
    } finally {
      rmSync(link);
    }
  });

  it('refuses a file git does not have at that revision, naming both', async () => {
    writeFileSync(join(repo, 'draft.hcl'), OLD);

    const run = await folder.diff(['--git', 'HEAD', 'draft.hcl']);

    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^monitor: diff --git HEAD: draft\.hcl: .+\n$/);
  });

  it('refuses a revision git does not know', async () => {
    const run = await folder.diff(['--git', 'no-such-rev', 'graph.hcl']);

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^monitor: diff --git no-such-rev: .+\n$/);
  });

  it('refuses a second file after --git REV', async () => {
    const run = await folder.diff(['--git', 'HEAD', 'graph.hcl', 'graph.hcl']);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('at most one file');
  });
});
