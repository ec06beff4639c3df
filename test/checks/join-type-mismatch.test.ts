import { describe, expect, it } from 'vitest';
import type { Baseline } from '../../src/model/check.js';
import type { WarehouseText } from './support/build.js';
import { acceptBaseline, baselineOf } from './support/build.js';
import { referenceWarehouse } from './support/reference.js';
import type { FindingSummary } from './support/run.js';
import { productionSnapshot, runChecks, summarize } from './support/run.js';

const first = runChecks({ snapshot: productionSnapshot(referenceWarehouse()) });

interface Row {
  readonly name: string;
  readonly baseline: Baseline;
  readonly change: (warehouse: WarehouseText) => void;
  readonly expected: readonly FindingSummary[];
}

const USER_CARTS: FindingSummary = {
  key: 'join_type_mismatch:PRODUCTION.CUST.ACCOUNT:ID=PRODUCTION.CUST.CART:ACCOUNT_ID',
  uses: ['relationship:user-carts join_on'],
  consumers: ['aud-premium-carts', 'aud-product-buyers'],
  before: null,
  after: {
    left: { tableRef: 'PRODUCTION.CUST.ACCOUNT', column: 'ID', type: 'bigint' },
    right: {
      tableRef: 'PRODUCTION.CUST.CART',
      column: 'ACCOUNT_ID',
      type: 'text',
    },
  },
  suggestion: null,
};

const ROWS: readonly Row[] = [
  {
    name: 'a join_on of two families is found from the first sync on',
    baseline: baselineOf(),
    change: (w) => {
      w.cust!.cart!.account_id = 'text';
    },
    expected: [USER_CARTS],
  },
  {
    name: 'with a baseline, the changed column is reported beside the join',
    baseline: acceptBaseline(first),
    change: (w) => {
      w.cust!.cart!.account_id = 'text';
    },
    expected: [
      {
        key: 'column_type_changed:PRODUCTION.CUST.CART:ACCOUNT_ID',
        uses: ['relationship:user-carts join_on'],
        consumers: ['aud-premium-carts', 'aud-product-buyers'],
        before: { type: 'bigint', family: 'number' },
        after: { type: 'text', family: 'string' },
        suggestion: null,
      },
      USER_CARTS,
    ],
  },
  {
    name: 'a junction join of two families names its right-hand column',
    baseline: baselineOf(),
    change: (w) => {
      w.customer!.cart_product!.product_id = 'bigint';
    },
    expected: [
      {
        key:
          'join_type_mismatch:PRODUCTION.CUSTOMER.CART_PRODUCT:PRODUCT_ID' +
          '=PRODUCTION.PROD.PRODUCT_SKUS:SKU',
        uses: ['relationship:products junction_join'],
        consumers: ['aud-product-buyers'],
        before: null,
        after: {
          left: {
            tableRef: 'PRODUCTION.CUSTOMER.CART_PRODUCT',
            column: 'PRODUCT_ID',
            type: 'bigint',
          },
          right: {
            tableRef: 'PRODUCTION.PROD.PRODUCT_SKUS',
            column: 'SKU',
            type: 'text',
          },
        },
        suggestion: null,
      },
    ],
  },
  {
    name: 'columns of one family with different types join fine',
    baseline: baselineOf(),
    change: (w) => {
      w.cust!.cart!.account_id = 'numeric(24,0)';
    },
    expected: [],
  },
  {
    name: 'a join with a missing side is only the missing column',
    baseline: baselineOf(),
    change: (w) => void delete w.cust!.cart!.account_id,
    expected: [
      {
        key: 'column_missing:PRODUCTION.CUST.CART:ACCOUNT_ID',
        uses: ['relationship:user-carts join_on'],
        consumers: ['aud-premium-carts', 'aud-product-buyers'],
        before: null,
        after: null,
        suggestion: null,
      },
    ],
  },
  {
    name: 'an external_id join key is not type-checked',
    baseline: baselineOf(),
    change: (w) => {
      w.cust!.account!.email_id = 'bigint';
    },
    expected: [],
  },
];

describe('join_type_mismatch', () => {
  it.each(ROWS)('$name', (row) => {
    const warehouse = referenceWarehouse();
    row.change(warehouse);

    const result = runChecks({
      snapshot: productionSnapshot(warehouse),
      baseline: row.baseline,
    });
    expect(summarize(result)).toEqual(row.expected);
  });

  it('names the right-hand column as the finding column', () => {
    const warehouse = referenceWarehouse();
    warehouse.cust!.cart!.account_id = 'text';

    const [finding] = runChecks({
      snapshot: productionSnapshot(warehouse),
    }).observations;
    expect(finding).toMatchObject({
      kind: 'join_type_mismatch',
      severity: 'potential',
      tableRef: 'PRODUCTION.CUST.CART',
      column: 'ACCOUNT_ID',
    });
  });
});
