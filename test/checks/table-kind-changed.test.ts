import { describe, expect, it } from 'vitest';
import type { Baseline } from '../../src/model/check.js';
import type { CatalogOptions } from './support/build.js';
import { acceptBaseline, baselineOf } from './support/build.js';
import { referenceWarehouse } from './support/reference.js';
import type { FindingSummary } from './support/run.js';
import { productionSnapshot, runChecks, summarize } from './support/run.js';

const first = runChecks({ snapshot: productionSnapshot(referenceWarehouse()) });

interface Row {
  readonly name: string;
  readonly baseline: Baseline;
  readonly options: CatalogOptions;
  readonly expected: readonly FindingSummary[];
}

const ROWS: readonly Row[] = [
  {
    name: 'a table replaced by a view is a potential finding',
    baseline: acceptBaseline(first),
    options: { kinds: { 'cust.account': 'view' } },
    expected: [
      {
        key: 'table_kind_changed:PRODUCTION.CUST.ACCOUNT',
        uses: ['entity:account-entity table_ref'],
        consumers: ['aud-accounts', 'aud-premium-carts', 'aud-product-buyers'],
        before: { kind: 'table' },
        after: { kind: 'view' },
        suggestion: null,
      },
    ],
  },
  {
    name: 'a view replaced by a materialized view is a change too',
    baseline: baselineOf({ 'PRODUCTION.SEGMENT.USER_TRAITS': 'view' }),
    options: { kinds: { 'segment.user_traits': 'materialized_view' } },
    expected: [
      {
        key: 'table_kind_changed:PRODUCTION.SEGMENT.USER_TRAITS',
        uses: ['profile profile_table'],
        consumers: [
          'aud-accounts',
          'aud-households',
          'aud-premium-carts',
          'aud-product-buyers',
        ],
        before: { kind: 'view' },
        after: { kind: 'materialized_view' },
        suggestion: null,
      },
    ],
  },
  {
    name: 'without an accepted kind nothing is compared',
    baseline: baselineOf(),
    options: { kinds: { 'cust.account': 'view' } },
    expected: [],
  },
  {
    name: 'the accepted kind raises nothing',
    baseline: baselineOf({ 'PRODUCTION.CUST.ACCOUNT': 'view' }),
    options: { kinds: { 'cust.account': 'view' } },
    expected: [],
  },
];

describe('table_kind_changed', () => {
  it.each(ROWS)('$name', (row) => {
    const result = runChecks({
      snapshot: productionSnapshot(referenceWarehouse(), row.options),
      baseline: row.baseline,
    });
    expect(summarize(result)).toEqual(row.expected);
  });

  it('reports the current kind so an acknowledged change can be accepted', () => {
    const result = runChecks({
      snapshot: productionSnapshot(referenceWarehouse(), {
        kinds: { 'cust.account': 'view' },
      }),
      baseline: acceptBaseline(first),
    });
    expect(result.tables.get('PRODUCTION.CUST.ACCOUNT')?.kind).toBe('view');
  });
});
