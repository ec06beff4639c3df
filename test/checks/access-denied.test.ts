import { describe, expect, it } from 'vitest';
import type { CatalogOptions, WarehouseText } from './support/build.js';
import { acceptBaseline } from './support/build.js';
import { referenceWarehouse } from './support/reference.js';
import type { FindingSummary } from './support/run.js';
import { productionSnapshot, runChecks, summarize } from './support/run.js';

const first = runChecks({ snapshot: productionSnapshot(referenceWarehouse()) });

interface Row {
  readonly name: string;
  readonly change?: (warehouse: WarehouseText) => void;
  readonly options: CatalogOptions;
  readonly expected: readonly FindingSummary[];
}

const CART_CONSUMERS = [
  'aud-premium-carts',
  'aud-product-buyers',
  'evt-cart-enrich',
];

const ROWS: readonly Row[] = [
  {
    name: 'an unreadable table is denied, with the grant the adapter named',
    options: {
      deniedTables: { 'cust.cart': 'GRANT SELECT ON cust.cart TO monitor' },
    },
    expected: [
      {
        key: 'access_denied:PRODUCTION.CUST.CART',
        uses: ['entity:cart-entity table_ref'],
        consumers: CART_CONSUMERS,
        before: { kind: 'table' },
        after: { kind: 'table' },
        suggestion: 'GRANT SELECT ON cust.cart TO monitor',
      },
    ],
  },
  {
    name: 'an unreadable table without a known grant gets a generic one',
    options: { deniedTables: { 'cust.cart': null } },
    expected: [
      {
        key: 'access_denied:PRODUCTION.CUST.CART',
        uses: ['entity:cart-entity table_ref'],
        consumers: CART_CONSUMERS,
        before: { kind: 'table' },
        after: { kind: 'table' },
        suggestion: "grant SELECT on cust.cart to the monitor's role",
      },
    ],
  },
  {
    name: 'a schema without usage makes each used table in it denied',
    options: { unusableSchemas: ['prod', 'customer'] },
    expected: [
      {
        key: 'access_denied:PRODUCTION.CUSTOMER.CART_PRODUCT',
        uses: ['relationship:products junction_table'],
        consumers: ['aud-product-buyers'],
        before: { kind: 'table' },
        after: { kind: 'table' },
        suggestion: "grant USAGE on schema customer to the monitor's role",
      },
      {
        key: 'access_denied:PRODUCTION.PROD.PRODUCT_SKUS',
        uses: ['entity:product-entity table_ref'],
        consumers: ['aud-product-buyers'],
        before: { kind: 'table' },
        after: { kind: 'table' },
        suggestion: "grant USAGE on schema prod to the monitor's role",
      },
    ],
  },
  {
    name: 'a column without SELECT is denied on its own',
    change: (w) => {
      w.cust!.account!.email_id = { type: 'text', denied: true };
    },
    options: {},
    expected: [
      {
        key: 'access_denied:PRODUCTION.CUST.ACCOUNT:EMAIL_ID',
        uses: ['relationship:user-accounts join_key'],
        consumers: ['aud-accounts', 'aud-premium-carts', 'aud-product-buyers'],
        before: { type: 'text', family: 'string' },
        after: { type: 'text', family: 'string' },
        suggestion:
          "grant SELECT (email_id) on cust.account to the monitor's role",
      },
    ],
  },
  {
    name: 'a denied table hides its columns, even dropped ones',
    change: (w) => void delete w.cust!.cart!.account_id,
    options: { deniedTables: { 'cust.cart': null } },
    expected: [
      {
        key: 'access_denied:PRODUCTION.CUST.CART',
        uses: ['entity:cart-entity table_ref'],
        consumers: CART_CONSUMERS,
        before: { kind: 'table' },
        after: { kind: 'table' },
        suggestion: "grant SELECT on cust.cart to the monitor's role",
      },
    ],
  },
];

describe('access_denied', () => {
  it.each(ROWS)('$name', (row) => {
    const warehouse = referenceWarehouse();
    row.change?.(warehouse);

    const result = runChecks({
      snapshot: productionSnapshot(warehouse, row.options),
      baseline: acceptBaseline(first),
      knownNames: first.knownNames,
    });
    expect(summarize(result)).toEqual(row.expected);
  });

  it('tells a denied table apart from an absent one', () => {
    const dropped = referenceWarehouse();
    delete dropped.cust!.cart;

    const denied = runChecks({
      snapshot: productionSnapshot(referenceWarehouse(), {
        deniedTables: { 'cust.cart': null },
      }),
    });
    const absent = runChecks({ snapshot: productionSnapshot(dropped) });
    expect(denied.tables.get('PRODUCTION.CUST.CART')).toEqual({
      state: 'denied',
      kind: 'table',
      reason: null,
    });
    expect(absent.tables.get('PRODUCTION.CUST.CART')).toEqual({
      state: 'absent',
      kind: null,
      reason: null,
    });
    expect(denied.observations.map((o) => o.kind)).toEqual(['access_denied']);
    expect(absent.observations.map((o) => o.kind)).toEqual(['table_missing']);
  });
});
