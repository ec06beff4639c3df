import { describe, expect, it } from 'vitest';
import { acceptBaseline, knownNamesOf } from './support/build.js';
import { referenceWarehouse } from './support/reference.js';
import { productionSnapshot, runChecks } from './support/run.js';

const first = runChecks({ snapshot: productionSnapshot(referenceWarehouse()) });

describe('classify', () => {
  it('sorts observations definite first, then by key', () => {
    const warehouse = referenceWarehouse();
    warehouse.cust!.cart!.account_id = 'text';
    delete warehouse.segment!.user_traits;
    delete warehouse.cust!.household!.email_id;

    const result = runChecks({
      snapshot: productionSnapshot(warehouse, {
        kinds: { 'cust.account': 'view' },
      }),
      baseline: acceptBaseline(first),
    });
    expect(result.observations.map((o) => `${o.severity} ${o.key}`)).toEqual([
      'definite column_missing:PRODUCTION.CUST.HOUSEHOLD:EMAIL_ID',
      'definite table_missing:PRODUCTION.SEGMENT.USER_TRAITS',
      'potential column_type_changed:PRODUCTION.CUST.CART:ACCOUNT_ID',
      'potential join_type_mismatch:PRODUCTION.CUST.ACCOUNT:ID=PRODUCTION.CUST.CART:ACCOUNT_ID',
      'potential table_kind_changed:PRODUCTION.CUST.ACCOUNT',
    ]);
  });

  it('observes every used table and column, with current kind and type', () => {
    expect([...first.tables.keys()]).toEqual([
      'PRODUCTION.CUST.ACCOUNT',
      'PRODUCTION.CUST.CART',
      'PRODUCTION.CUST.HOUSEHOLD',
      'PRODUCTION.CUST.SUBSCRIPTION',
      'PRODUCTION.CUSTOMER.CART_PRODUCT',
      'PRODUCTION.PROD.PRODUCT_SKUS',
      'PRODUCTION.SEGMENT.USER_IDENTIFIERS',
      'PRODUCTION.SEGMENT.USER_TRAITS',
    ]);
    expect(first.columns.size).toBe(17);
    expect(first.tables.get('PRODUCTION.CUST.ACCOUNT')).toEqual({
      state: 'present',
      kind: 'table',
      reason: null,
    });
    expect(first.columns.get('PRODUCTION.CUST.ACCOUNT:EMAIL_ID')).toEqual({
      state: 'present',
      value: { type: 'text', family: 'string' },
    });
    expect(first.unknown).toEqual([]);
  });

  it('keeps the table names of used schemas and the columns of present tables', () => {
    const warehouse = referenceWarehouse();
    delete warehouse.prod;
    delete warehouse.customer!.cart_product;

    const result = runChecks({ snapshot: productionSnapshot(warehouse) });
    expect(result.knownNames).toEqual(
      knownNamesOf(
        {
          'PRODUCTION.CUST': ['account', 'cart', 'household', 'subscription'],
          'PRODUCTION.CUSTOMER': [],
          'PRODUCTION.PROD': [],
          'PRODUCTION.SEGMENT': [
            'profile_merges',
            'user_identifiers',
            'user_traits',
          ],
        },
        {
          'PRODUCTION.CUST.ACCOUNT': ['created_at', 'email_id', 'id', 'name'],
          'PRODUCTION.CUST.CART': ['account_id', 'id', 'status', 'total'],
          'PRODUCTION.CUST.HOUSEHOLD': ['email_id', 'household_id', 'sub_id'],
          'PRODUCTION.CUST.SUBSCRIPTION': ['household_id', 'plan', 'sub_id'],
          'PRODUCTION.SEGMENT.USER_IDENTIFIERS': [
            'canonical_segment_id',
            'type',
            'value',
          ],
          'PRODUCTION.SEGMENT.USER_TRAITS': [
            'canonical_segment_id',
            'name',
            'value',
          ],
        },
      ),
    );
  });

  it('gives each observation its kind, severity, object and message', () => {
    const warehouse = referenceWarehouse();
    delete warehouse.cust!.subscription!.household_id;

    const [finding] = runChecks({
      snapshot: productionSnapshot(warehouse),
      baseline: acceptBaseline(first),
    }).observations;
    expect(finding).toEqual({
      key: 'column_missing:PRODUCTION.CUST.SUBSCRIPTION:HOUSEHOLD_ID',
      kind: 'column_missing',
      severity: 'definite',
      tableRef: 'PRODUCTION.CUST.SUBSCRIPTION',
      column: 'HOUSEHOLD_ID',
      uses: [{ subject: 'relationship:user-subscriptions', role: 'join_on' }],
      before: { type: 'bigint', family: 'number' },
      after: null,
      message:
        'column missing: PRODUCTION.CUST.SUBSCRIPTION.HOUSEHOLD_ID is not in' +
        ' its table; used by relationship:user-subscriptions (join_on);' +
        ' restore it or update the graph to the column that replaced it',
      suggestion: null,
      affectedConsumers: [
        { id: 'aud-households', name: 'Households with a subscription' },
      ],
    });
  });

  it('gives the same result for the same input', () => {
    const warehouse = referenceWarehouse();
    delete warehouse.cust!.cart;
    const input = { snapshot: productionSnapshot(warehouse) };

    expect(runChecks(input)).toEqual(runChecks(input));
  });
});
