// The kinds of fault the cases stand for, against a real PostgreSQL server
// through the built CLI: each test syncs a baseline, changes the
// warehouse, and checks the report a user would get.
import { describe, expect, it } from 'vitest';
import {
  MONITOR_ROLE,
  setUpProduction,
  type SyncJson,
} from '../support/production-db.js';

const DB = 'production_drift';
const RELATIONSHIP_CONSUMERS = [
  'aud-accounts',
  'aud-households',
  'aud-premium-carts',
  'aud-product-buyers',
];

describe('warehouse drift on PostgreSQL', () => {
  it('reports a dropped junction table once, with the relationship using it', async () => {
    const report = await driftReport('DROP TABLE customer.cart_product');

    expect(summarise(report)).toEqual([
      `table_missing definite ${DB.toUpperCase()}.CUSTOMER.CART_PRODUCT -`,
    ]);
    const [finding] = report.findings;
    expect(finding?.uses).toEqual([
      { subject: 'relationship:products', role: 'junction_table' },
    ]);
    expect(consumerIds(finding)).toEqual(['aud-product-buyers']);
  });

  it('reports a dropped profile table as breaking every relationship', async () => {
    const report = await driftReport('DROP TABLE segment.user_identifiers');

    const [finding] = report.findings;
    expect(finding?.kind).toBe('table_missing');
    expect(finding?.uses).toEqual([{ subject: 'profile', role: 'profile_table' }]);
    expect(consumerIds(finding)).toEqual(RELATIONSHIP_CONSUMERS);
  });

  it('tells a revoked SELECT apart from a dropped table', async () => {
    const report = await driftReport(
      `REVOKE SELECT ON cust.cart FROM ${MONITOR_ROLE}`,
    );

    expect(summarise(report)).toEqual([
      `access_denied definite ${DB.toUpperCase()}.CUST.CART -`,
    ]);
    expect(report.findings[0]?.suggestion).toMatch(/grant/i);
  });

  it('tells a revoked schema USAGE apart from a dropped schema', async () => {
    const report = await driftReport(
      `REVOKE USAGE ON SCHEMA prod FROM ${MONITOR_ROLE}`,
    );

    expect(summarise(report)).toEqual([
      `access_denied definite ${DB.toUpperCase()}.PROD.PRODUCT_SKUS -`,
    ]);
  });

  it('reports a table swapped for a view as a potential kind change', async () => {
    const report = await driftReport(`
      ALTER TABLE cust.household RENAME TO household_old;
      CREATE VIEW cust.household AS SELECT * FROM cust.household_old;
      GRANT SELECT ON cust.household TO ${MONITOR_ROLE};`);

    expect(summarise(report)).toEqual([
      `table_kind_changed potential ${DB.toUpperCase()}.CUST.HOUSEHOLD -`,
    ]);
    expect(report.findings[0]?.before).toEqual({ kind: 'table' });
    expect(report.findings[0]?.after).toEqual({ kind: 'view' });
  });

  it('reports a key whose type family changed, and a join whose sides differ', async () => {
    const report = await driftReport(
      'ALTER TABLE cust.cart ALTER COLUMN account_id TYPE text',
    );

    expect(summarise(report)).toEqual([
      `column_type_changed potential ${DB.toUpperCase()}.CUST.CART ACCOUNT_ID`,
      `join_type_mismatch potential ${DB.toUpperCase()}.CUST.CART ACCOUNT_ID`,
    ]);
  });

  it('reports a dropped schema as every used table in it missing', async () => {
    const report = await driftReport('DROP SCHEMA segment CASCADE');

    expect(summarise(report)).toEqual([
      `table_missing definite ${DB.toUpperCase()}.SEGMENT.USER_IDENTIFIERS -`,
      `table_missing definite ${DB.toUpperCase()}.SEGMENT.USER_TRAITS -`,
    ]);
  });

  it('exits 1 and opens or resolves nothing while the warehouse is unreachable', async () => {
    const production = await setUpProduction({ database: DB });
    await production.syncJson();
    await production.sql('DROP TABLE prod.product_skus');
    const opened = await production.syncJson();
    expect(opened.report.summary.open.definite).toBe(1);

    const broken = await setUpConfigCopy(production, { port: 1 });
    const { run, report } = await broken.syncJson();

    expect(run.code).toBe(1);
    expect(report.sync.status).toBe('failed');
    expect(report.sync.error).toMatch(/warehouse postgres/);
    expect(report.summary).toMatchObject({ opened: 0, resolved: 0 });
    expect(report.findings.map((f) => f.status)).toEqual(['open']);
  });

  it('exits 1 for a rejected password without printing it', async () => {
    const production = await setUpProduction({
      database: DB,
      password: 'wrong-secret-4242',
    });
    const { run, report } = await production.syncJson();

    expect(run.code).toBe(1);
    expect(report.sync.status).toBe('failed');
    expect(run.stdout + run.stderr).not.toContain('wrong-secret-4242');
    expect(report.sync.error).toMatch(/password|authentication/i);
  });

  it('exits 3 with --fail-on definite while a definite finding is open', async () => {
    const production = await setUpProduction({ database: DB });
    await production.syncJson();
    await production.sql('ALTER TABLE cust.cart DROP COLUMN account_id');

    const { run } = await production.syncJson(['--fail-on', 'definite']);
    expect(run.code).toBe(3);
  });

  it('counts duplicate primary keys when asked, and resolves them once unique', async () => {
    const production = await setUpProduction({
      database: DB,
      extraConfig: 'checks:\n  primary_key_uniqueness: true',
    });
    await production.syncJson();
    await production.sql(`
      ALTER TABLE cust.cart DROP CONSTRAINT cart_pkey;
      INSERT INTO cust.cart VALUES (10, 1, 'copy', 1);`);

    const { report } = await production.syncJson();
    expect(summarise(report)).toEqual([
      `primary_key_not_unique potential ${DB.toUpperCase()}.CUST.CART ID`,
    ]);
    expect(report.findings[0]?.uses).toEqual([
      { subject: 'entity:cart-entity', role: 'primary_key' },
    ]);
    expect(consumerIds(report.findings[0])).toEqual([
      'aud-premium-carts',
      'aud-product-buyers',
      'evt-cart-enrich',
    ]);

    await production.sql(`DELETE FROM cust.cart WHERE status = 'copy'`);
    const fixed = await production.syncJson();
    expect(fixed.report.summary).toMatchObject({ resolved: 1 });
  });

  it('resolves a finding once the warehouse is repaired', async () => {
    const production = await setUpProduction({ database: DB });
    await production.syncJson();
    await production.sql('ALTER TABLE cust.cart DROP COLUMN account_id');
    await production.syncJson();
    await production.sql('ALTER TABLE cust.cart ADD COLUMN account_id bigint');

    const { report } = await production.syncJson();
    expect(report.summary).toMatchObject({ resolved: 1, open: { definite: 0 } });
    expect(report.findings.map((f) => f.status)).toEqual(['resolved']);
  });
});

async function driftReport(change: string): Promise<SyncJson> {
  const production = await setUpProduction({ database: DB });
  const baseline = await production.syncJson();
  expect(baseline.report.findings).toEqual([]);

  await production.sql(change);
  const { run, report } = await production.syncJson();
  expect(run.stderr).not.toContain('this is a bug');
  return report;
}

async function setUpConfigCopy(
  production: Awaited<ReturnType<typeof setUpProduction>>,
  change: { port: number },
) {
  const { readFileSync, writeFileSync } = await import('node:fs');
  const text = readFileSync(production.configPath, 'utf8').replace(
    /@127\.0\.0\.1:\d+\//,
    `@127.0.0.1:${change.port}/`,
  );
  writeFileSync(production.configPath, text);
  return production;
}

function summarise(report: SyncJson): string[] {
  return report.findings.map(
    (f) => `${f.kind} ${f.severity} ${f.tableRef} ${f.column ?? '-'}`,
  );
}

function consumerIds(finding: SyncJson['findings'][number] | undefined): string[] {
  return (finding?.affectedConsumers ?? []).map((c) => c.id);
}
