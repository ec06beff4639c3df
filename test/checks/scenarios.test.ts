// The scenario cases of /work/shared/cases (C1–C4) as hand-built
// PostgreSQL snapshots: a baseline sync of warehouse.sql, then change.sql.
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/model/check.js';
import type { WarehouseText } from './support/build.js';
import { acceptBaseline } from './support/build.js';
import { referenceWarehouse } from './support/reference.js';
import { productionSnapshot, runChecks, summarize } from './support/run.js';

describe('scenario cases', () => {
  it('C1: a dropped entity table is one table_missing breaking its buyers', () => {
    const { second } = syncAfter((w) => {
      delete w.prod!.product_skus;
    });

    expect(summarize(second)).toEqual([
      {
        key: 'table_missing:PRODUCTION.PROD.PRODUCT_SKUS',
        uses: ['entity:product-entity table_ref'],
        consumers: ['aud-product-buyers'],
        before: { kind: 'table' },
        after: null,
        suggestion: null,
      },
    ]);
    expect(second.observations[0]).toMatchObject({
      kind: 'table_missing',
      severity: 'definite',
      tableRef: 'PRODUCTION.PROD.PRODUCT_SKUS',
      column: null,
    });
  });

  it('C2: a dropped join column is one column_missing for its join_on', () => {
    const { second } = syncAfter((w) => {
      delete w.cust!.subscription!.household_id;
    });

    expect(summarize(second)).toEqual([
      {
        key: 'column_missing:PRODUCTION.CUST.SUBSCRIPTION:HOUSEHOLD_ID',
        uses: ['relationship:user-subscriptions join_on'],
        consumers: ['aud-households'],
        before: { type: 'bigint', family: 'number' },
        after: null,
        suggestion: null,
      },
    ]);
    expect(second.observations[0]).toMatchObject({
      kind: 'column_missing',
      severity: 'definite',
      column: 'HOUSEHOLD_ID',
    });
  });

  it('C3: a renamed join key names the new column and every relationship below', () => {
    const { first, second } = syncAfter((w) => {
      const account = w.cust!.account!;
      delete account.email_id;
      account.email = 'text';
    });

    expect(summarize(second)).toEqual([
      {
        key: 'column_missing:PRODUCTION.CUST.ACCOUNT:EMAIL_ID',
        uses: ['relationship:user-accounts join_key'],
        consumers: ['aud-accounts', 'aud-premium-carts', 'aud-product-buyers'],
        before: { type: 'text', family: 'string' },
        after: null,
        suggestion: 'column EMAIL_ID may have been renamed to EMAIL',
      },
    ]);

    const fixed = runChecks({
      snapshot: productionSnapshot(referenceWarehouse()),
      baseline: acceptBaseline(first),
      knownNames: second.knownNames,
    });
    expect(fixed.observations).toEqual([]);
    expect(fixed.columns.get('PRODUCTION.CUST.ACCOUNT:EMAIL_ID')?.state).toBe(
      'present',
    );
  });

  it('C4: unused changes and a key type change inside its family raise nothing', () => {
    const { second } = syncAfter((w) => {
      const subscription = w.cust!.subscription!;
      subscription.renewed_at = 'timestamp with time zone';
      delete subscription.plan;
      w.prod!.product_skus!.title = 'character varying(500)';
      w.cust!.household!.household_id = 'numeric(24,0)';
      w.scratch = { tmp_orders: { id: 'integer' } };
    });

    expect(second.observations).toEqual([]);
    expect(
      second.columns.get('PRODUCTION.CUST.HOUSEHOLD:HOUSEHOLD_ID'),
    ).toEqual({
      state: 'present',
      value: { type: 'numeric(24,0)', family: 'number' },
    });
  });
});

/** A first good sync of warehouse.sql, then one after `change`. */
function syncAfter(change: (warehouse: WarehouseText) => void): {
  first: CheckResult;
  second: CheckResult;
} {
  const first = runChecks({
    snapshot: productionSnapshot(referenceWarehouse()),
  });
  expect(first.observations).toEqual([]);

  const warehouse = referenceWarehouse();
  change(warehouse);
  const second = runChecks({
    snapshot: productionSnapshot(warehouse),
    baseline: acceptBaseline(first),
    knownNames: first.knownNames,
  });
  return { first, second };
}
