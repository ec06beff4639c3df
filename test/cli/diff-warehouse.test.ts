// `monitor diff --check-warehouse` against the cases warehouse on the real
// PostgreSQL test server: a potential change whose new table or column is
// absent becomes definite; one whose new objects are all there says so.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CliRun } from '../support/cli.js';
import {
  setUpProduction,
  type ProductionSetup,
} from '../support/production-db.js';
import { runMonitor } from '../support/cli.js';
import { casesGraph, edit } from './support/graph-edits.js';

const DATABASE = 'production_diffcli';
const OLD = casesGraph(DATABASE);
const PRODUCT_TABLE = '"PRODUCTION_DIFFCLI.PROD.PRODUCT_SKUS"';

let production: ProductionSetup;

beforeAll(async () => {
  production = await setUpProduction({ database: DATABASE });
  await production.sql(
    [
      'CREATE TABLE prod.product_catalog (sku text PRIMARY KEY, title text)',
      'CREATE TABLE prod.product_numbered (sku bigint PRIMARY KEY)',
      'CREATE TABLE prod.product_codes (code text PRIMARY KEY)',
      'CREATE TABLE cust.cart_v2 (id bigint PRIMARY KEY, status text)',
      'GRANT SELECT ON cust.cart_v2 TO case_monitor',
      'GRANT SELECT ON ALL TABLES IN SCHEMA prod TO case_monitor',
    ].join('; '),
  );
});

interface Change {
  kind: string;
  severity: string;
  subject: string;
  message: string;
}

/** `diff OLD NEW --json [--check-warehouse]` with product-entity moved. */
async function diffMoved(
  table: string,
  extra: readonly string[],
): Promise<{ run: CliRun; change: Change | undefined }> {
  const newPath = writeGraph(
    `moved-${table}.hcl`,
    edit(OLD, [PRODUCT_TABLE, `"PRODUCTION_DIFFCLI.PROD.${table}"`]),
  );
  const run = await production.monitor([
    'diff',
    writeGraph('old.hcl', OLD),
    newPath,
    '--json',
    ...extra,
  ]);
  const report = JSON.parse(run.stdout || '{"changes":[]}') as {
    changes: Change[];
  };
  return { run, change: report.changes[0] };
}

function writeGraph(name: string, text: string): string {
  const path = join(production.dir, name);
  writeFileSync(path, text);
  return path;
}

describe('monitor diff --check-warehouse', () => {
  it('rates moving to a missing table potential, and definite once checked', async () => {
    const plain = await diffMoved('PRODUCT_GONE', ['--fail-on', 'definite']);
    const checked = await diffMoved('PRODUCT_GONE', [
      '--check-warehouse',
      '--fail-on',
      'definite',
    ]);

    expect(plain.run.code, plain.run.stderr).toBe(0);
    expect(plain.change).toMatchObject({
      kind: 'table_ref_changed',
      severity: 'potential',
      subject: 'entity:product-entity',
    });
    expect(checked.run.code, checked.run.stderr).toBe(3);
    expect(checked.change).toMatchObject({
      kind: 'table_ref_changed',
      severity: 'definite',
      subject: 'entity:product-entity',
      affectedConsumers: [{ id: 'aud-product-buyers' }],
    });
    expect(checked.change?.message).toContain('table_missing');
    expect(checked.change?.message).toContain(
      'PRODUCTION_DIFFCLI.PROD.PRODUCT_GONE',
    );
  });

  it('says so when the new table has every used column with compatible types', async () => {
    const { run, change } = await diffMoved('PRODUCT_CATALOG', [
      '--check-warehouse',
      '--fail-on',
      'definite',
    ]);

    expect(run.code, run.stderr).toBe(0);
    expect(change?.severity).toBe('potential');
    expect(change?.message).toMatch(
      /has its table and every column it uses, with compatible types/,
    );
  });

  it('rates a new table that lacks the primary key column definite', async () => {
    const { run, change } = await diffMoved('PRODUCT_CODES', [
      '--check-warehouse',
    ]);

    expect(run.code, run.stderr).toBe(0);
    expect(change?.severity).toBe('definite');
    expect(change?.message).toContain('column_missing');
    expect(change?.message).toContain('PRODUCT_CODES.SKU');
  });

  // The junction joins CART_PRODUCT.PRODUCT_ID (text) to the entity's SKU:
  // a table whose SKU is a bigint is there, but not with compatible types.
  it('does not call a table compatible when its key mismatches a join', async () => {
    const { run, change } = await diffMoved('PRODUCT_NUMBERED', [
      '--check-warehouse',
    ]);

    expect(run.code, run.stderr).toBe(0);
    expect(change?.severity).toBe('potential');
    expect(change?.message).not.toContain('with compatible types');
    expect(change?.message).toMatch(/differ in type|join_type_mismatch/);
  });

  // user-carts joins on CART.ACCOUNT_ID: the cart entity's own uses are
  // only its table and key, but moving it takes that join column along.
  it('rates moving an entity to a table that lacks a column its joins use definite', async () => {
    const newPath = writeGraph(
      'cart-v2.hcl',
      edit(OLD, [
        '"PRODUCTION_DIFFCLI.CUST.CART"',
        '"PRODUCTION_DIFFCLI.CUST.CART_V2"',
      ]),
    );

    const run = await production.monitor([
      'diff',
      writeGraph('old.hcl', OLD),
      newPath,
      '--json',
      '--check-warehouse',
    ]);

    expect(run.code, run.stderr).toBe(0);
    const [change] = (JSON.parse(run.stdout) as { changes: Change[] }).changes;
    expect(change).toMatchObject({
      kind: 'table_ref_changed',
      severity: 'definite',
      subject: 'entity:cart-entity',
    });
    expect(change?.message).toContain('CART_V2.ACCOUNT_ID');
  });

  it('rates a join moved to a column that does not exist definite', async () => {
    const newPath = writeGraph(
      'join.hcl',
      edit(OLD, ['cart-entity.ACCOUNT_ID"', 'cart-entity.OWNER_ID"']),
    );

    const run = await production.monitor([
      'diff',
      writeGraph('old.hcl', OLD),
      newPath,
      '--json',
      '--check-warehouse',
    ]);

    expect(run.code, run.stderr).toBe(0);
    const [change] = (JSON.parse(run.stdout) as { changes: Change[] }).changes;
    expect(change).toMatchObject({
      kind: 'join_changed',
      severity: 'definite',
      subject: 'relationship:user-carts',
    });
    expect(change?.message).toContain('CART.OWNER_ID');
  });

  it('fails with exit 1 and no document when the warehouse rejects the login', async () => {
    const run = await runMonitor(
      [
        'diff',
        writeGraph('old.hcl', OLD),
        writeGraph(
          'moved.hcl',
          edit(OLD, [PRODUCT_TABLE, '"PRODUCTION_DIFFCLI.PROD.ELSEWHERE"']),
        ),
        '--json',
        '--check-warehouse',
        '--config',
        production.configPath,
      ],
      { env: { CASE_PASSWORD: 'wrong-pw-5521' } },
    );

    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/postgres/);
    expect(run.stderr).toContain(DATABASE.toUpperCase());
    expect(run.stderr).not.toContain('wrong-pw-5521');
    expect(run.stderr).not.toMatch(/this is a bug/);
  });
});
