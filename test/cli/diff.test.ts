// `monitor diff OLD NEW` through the built binary: the text, JSON and
// GitHub outputs, stdin, and --fail-on (SPEC §7 "diff --json").
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import {
  casesGraph,
  edit,
  lineOf,
  makeDiffFolder,
  removeBlock,
} from './support/graph-edits.js';

const folder = makeDiffFolder();
const OLD = casesGraph();

/** user-subscriptions, used by aud-households, under a new slug. */
const RENAMED = edit(OLD, [
  'relationship "user-subscriptions"',
  'relationship "household-subscriptions"',
]);

/** product-entity moved to another table: potential for its consumers. */
const MOVED = edit(OLD, [
  '"PRODUCTION.PROD.PRODUCT_SKUS"',
  '"PRODUCTION.PROD.PRODUCT_CATALOG"',
]);

folder.write('old.hcl', OLD);
folder.write('renamed.hcl', RENAMED);
folder.write('moved.hcl', MOVED);

afterAll(() => rmSync(folder.dir, { recursive: true, force: true }));

interface DiffJson {
  changes: Record<string, unknown>[];
  summary: Record<string, number>;
}

async function diffJson(args: readonly string[]): Promise<DiffJson> {
  const run = await folder.diff([...args, '--json']);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as DiffJson;
}

describe('monitor diff --json', () => {
  it('rates renaming a used relationship slug definite, with that audience', async () => {
    const report = await diffJson(['old.hcl', 'renamed.hcl']);

    expect(Object.keys(report).sort()).toEqual(['changes', 'summary']);
    expect(Object.keys(report.summary).sort()).toEqual([
      'definite',
      'none',
      'potential',
    ]);
    expect(report.summary).toEqual({ definite: 1, potential: 0, none: 1 });
    const [removed, added] = report.changes;
    expect(Object.keys(removed ?? {}).sort()).toEqual(
      [
        'kind',
        'severity',
        'subject',
        'line',
        'before',
        'after',
        'affectedConsumers',
        'message',
      ].sort(),
    );
    expect(removed).toMatchObject({
      kind: 'relationship_removed',
      severity: 'definite',
      subject: 'relationship:user-subscriptions',
      line: lineOf(OLD, 'relationship "user-subscriptions"'),
      before: { name: 'Subscriptions', related_entity: 'subscription-entity' },
      after: null,
      affectedConsumers: [
        { id: 'aud-households', name: 'Households with a subscription' },
      ],
    });
    expect(removed?.message).toContain('"user-subscriptions" was removed');
    expect(removed?.message).toContain('aud-households');
    expect(added).toMatchObject({
      kind: 'relationship_added',
      severity: 'none',
      subject: 'relationship:household-subscriptions',
      before: null,
      affectedConsumers: [],
    });
  });

  it('reaches the consumers of every relationship below a renamed one', async () => {
    const renamed = edit(OLD, [
      'relationship "user-carts"',
      'relationship "user-baskets"',
    ]);
    folder.write('baskets.hcl', renamed);

    const report = await diffJson(['old.hcl', 'baskets.hcl']);

    const removal = report.changes.find(
      (c) => c['kind'] === 'relationship_removed',
    );
    expect(removal?.['severity']).toBe('definite');
    expect(removal?.['affectedConsumers']).toEqual([
      { id: 'aud-premium-carts', name: 'Premium shoppers with open carts' },
      { id: 'aud-product-buyers', name: 'Bought a product' },
    ]);
  });

  it('prints the same document for --format json as for --json', async () => {
    const json = await folder.diff(['old.hcl', 'moved.hcl', '--json']);
    const format = await folder.diff([
      'old.hcl',
      'moved.hcl',
      '--format',
      'json',
    ]);

    expect(format.code).toBe(0);
    expect(format.stdout).toBe(json.stdout);
    expect(JSON.parse(json.stdout)).toMatchObject({
      changes: [
        {
          kind: 'table_ref_changed',
          severity: 'potential',
          subject: 'entity:product-entity',
          line: lineOf(MOVED, 'entity "product-entity"'),
          before: { table_ref: 'PRODUCTION.PROD.PRODUCT_SKUS' },
          after: { table_ref: 'PRODUCTION.PROD.PRODUCT_CATALOG' },
        },
      ],
      summary: { definite: 0, potential: 1, none: 0 },
    });
  });
});

describe('monitor diff in text', () => {
  it('prints one aligned line per change, worst first, then a summary', async () => {
    const both = edit(RENAMED, [
      'name = "account"',
      'name = "customer account"',
    ]);
    folder.write('both.hcl', both);

    const run = await folder.diff(['old.hcl', 'both.hcl']);

    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/^definite +line \d+ +relationship "user-sub/);
    expect(lines[0]).toContain('aud-households');
    expect(lines[1]).toMatch(/^none +line \d+ +entity "account-entity": name/);
    expect(lines[2]).toMatch(/^none +line \d+ +relationship "household-sub/);
    expect(lines[3]).toBe('');
    expect(lines[4]).toBe('3 changes: 1 definite, 0 potential, 2 none');
    const messageColumns = lines
      .slice(0, 3)
      .map((line) => line.search(/(relationship|entity) "/));
    expect(new Set(messageColumns).size).toBe(1);
  });

  it('says so when the two versions hold the same graph', async () => {
    const run = await folder.diff([
      'old.hcl',
      'old.hcl',
      '--fail-on',
      'potential',
    ]);

    expect(run.code).toBe(0);
    expect(run.stdout).toBe('no changes to the graph\n');
  });
});

describe('monitor diff --format github', () => {
  it('annotates each change at its line in NEW, and removals at their line in OLD', async () => {
    const newText = edit(
      removeBlock(
        RENAMED.replace('data_graph {', '# a\n# b\n# c\ndata_graph {'),
        'relationship "household-subscriptions"',
      ),
      ['"PRODUCTION.PROD.PRODUCT_SKUS"', '"PRODUCTION.PROD.PRODUCT_CATALOG"'],
    );
    folder.write('github.hcl', newText);

    const run = await folder.diff([
      'old.hcl',
      'github.hcl',
      '--format',
      'github',
    ]);

    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line).toMatch(
        /^::(error|warning|notice) file=[^,:]+,line=\d+,title=[^:]+::\S.*$/,
      );
    }
    const oldLine = lineOf(OLD, 'relationship "user-subscriptions"');
    expect(lines[0]).toMatch(
      new RegExp(
        `^::error file=old\\.hcl,line=${oldLine},title=[^:]*relationship_removed::`,
      ),
    );
    expect(lines[0]).toContain('aud-households');
    const newLine = lineOf(newText, 'entity "product-entity"');
    expect(newLine).toBe(lineOf(OLD, 'entity "product-entity"') + 3);
    expect(lines[1]).toMatch(
      new RegExp(
        `^::warning file=github\\.hcl,line=${newLine},title=[^:]*table_ref_changed::`,
      ),
    );
    expect(lines[1]).toContain('PRODUCTION.PROD.PRODUCT_CATALOG');
  });
});

describe('monitor diff with stdin', () => {
  it('reads OLD or NEW from stdin when given as -', async () => {
    const files = await folder.diff(['old.hcl', 'renamed.hcl', '--json']);
    const oldFromStdin = await folder.diff(['-', 'renamed.hcl', '--json'], OLD);
    const newFromStdin = await folder.diff(['old.hcl', '-', '--json'], RENAMED);

    expect(files.code).toBe(0);
    expect(oldFromStdin.code, oldFromStdin.stderr).toBe(0);
    expect(newFromStdin.code, newFromStdin.stderr).toBe(0);
    expect(JSON.parse(oldFromStdin.stdout)).toEqual(JSON.parse(files.stdout));
    expect(JSON.parse(newFromStdin.stdout)).toEqual(JSON.parse(files.stdout));
  });
});

describe('monitor diff --fail-on', () => {
  it('exits 3 when a change reaches the given severity, 0 below it', async () => {
    const definite = await folder.diff([
      'old.hcl',
      'renamed.hcl',
      '--fail-on',
      'definite',
    ]);
    const potentialOnly = await folder.diff([
      'old.hcl',
      'moved.hcl',
      '--fail-on',
      'definite',
    ]);
    const potential = await folder.diff([
      'old.hcl',
      'moved.hcl',
      '--fail-on',
      'potential',
    ]);
    const json = await folder.diff([
      'old.hcl',
      'moved.hcl',
      '--fail-on',
      'potential',
      '--json',
    ]);

    expect(definite.code).toBe(3);
    expect(definite.stdout).toContain('1 definite');
    expect(potentialOnly.code).toBe(0);
    expect(potential.code).toBe(3);
    expect(json.code).toBe(3);
    expect(JSON.parse(json.stdout)).toMatchObject({
      summary: { definite: 0, potential: 1, none: 0 },
    });
  });
});
