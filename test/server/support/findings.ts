/** Findings and consumers for the server tests, some with hostile names. */
import type { FindingReport } from '../../../src/model/finding.js';
import type { ConsumerInsight } from '../../../src/server/monitor-api.js';

/** A table part that would run script if it ever reached HTML unescaped. */
export const HOSTILE_TABLE = '"<script>window.pwned=1</script>"';

/** A column that would add an element, and markdown that must stay text. */
export const HOSTILE_COLUMN = `"<img src=x onerror='window.pwned=2'> *bold*"`;

/** A consumer name with quotes and markup. */
export const HOSTILE_CONSUMER = `Shoppers "premium" <b>*bold*</b> & co`;

/** The definite finding of scenario C2, open. */
export function joinColumnMissing(): FindingReport {
  return {
    key: 'column_missing:PRODUCTION.CUST.SUBSCRIPTION:HOUSEHOLD_ID',
    kind: 'column_missing',
    severity: 'definite',
    status: 'open',
    new: true,
    tableRef: 'PRODUCTION.CUST.SUBSCRIPTION',
    column: 'HOUSEHOLD_ID',
    uses: [{ subject: 'relationship:user-subscriptions', role: 'join_on' }],
    before: { type: 'bigint', family: 'number' },
    after: null,
    affectedConsumers: [
      { id: 'aud-households', name: 'Households with a subscription' },
    ],
    message: 'column HOUSEHOLD_ID is missing from PRODUCTION.CUST.SUBSCRIPTION',
    suggestion: 'column HOUSEHOLD_ID may have been renamed to HOUSEHOLD',
    acknowledged: false,
    snoozedUntil: null,
    firstSeenAt: '2026-01-01T10:00:00.000Z',
    resolvedAt: null,
  };
}

/** A potential finding whose table and column names carry markup. */
export function hostileTypeChange(): FindingReport {
  const tableRef = `PRODUCTION.CUST.${HOSTILE_TABLE}`;
  return {
    key: `column_type_changed:${tableRef}:${HOSTILE_COLUMN}`,
    kind: 'column_type_changed',
    severity: 'potential',
    status: 'open',
    new: false,
    tableRef,
    column: HOSTILE_COLUMN,
    uses: [{ subject: 'entity:cart-entity', role: 'primary_key' }],
    before: { type: 'bigint', family: 'number' },
    after: { type: 'text', family: 'string' },
    affectedConsumers: [{ id: 'evt-cart-enrich', name: HOSTILE_CONSUMER }],
    message: `column ${HOSTILE_COLUMN} of ${tableRef} changed from number to string`,
    suggestion: null,
    acknowledged: false,
    snoozedUntil: null,
    firstSeenAt: '2026-01-01T11:00:00.000Z',
    resolvedAt: null,
  };
}

/** A potential finding already acknowledged. */
export function acknowledgedKindChange(): FindingReport {
  return {
    key: 'table_kind_changed:PRODUCTION.CUST.PRODUCTS',
    kind: 'table_kind_changed',
    severity: 'potential',
    status: 'open',
    new: false,
    tableRef: 'PRODUCTION.CUST.PRODUCTS',
    column: null,
    uses: [{ subject: 'entity:product-entity', role: 'table_ref' }],
    before: { kind: 'table' },
    after: { kind: 'view' },
    affectedConsumers: [],
    message: 'PRODUCTION.CUST.PRODUCTS changed from a table to a view',
    suggestion: null,
    acknowledged: true,
    snoozedUntil: null,
    firstSeenAt: '2026-01-01T12:00:00.000Z',
    resolvedAt: null,
  };
}

/** Consumers as the daemon would describe them. */
export function consumerInsights(): ConsumerInsight[] {
  return [
    {
      id: 'aud-households',
      name: 'Households with a subscription',
      type: 'linked_audience',
      owner: 'growth@example.com',
      path: [
        'profile',
        'relationship:user-accounts',
        'relationship:user-subscriptions',
      ],
      objects: ['PRODUCTION.CUST.SUBSCRIPTION'],
      openFindings: [joinColumnMissing().key],
    },
    {
      id: 'evt-cart-enrich',
      name: HOSTILE_CONSUMER,
      type: 'linked_event',
      owner: null,
      path: ['entity:cart-entity'],
      objects: ['PRODUCTION.CUST.CART'],
      openFindings: [],
    },
  ];
}
